import CheckoutHTTP
import Testing

/// One row of the chunked-body table: the bytes after a head, and what they decode to.
struct ChunkedCase: Sendable, CustomTestStringConvertible {
    enum Expectation: Sendable {
        /// The decoded body, and how many bytes after the final CRLF are left unconsumed.
        case body(String, rest: Int)
        case failure(HTTPParseError.Kind, status: Int)
    }

    var name: String
    var input: String
    var expectation: Expectation
    var decoder = ChunkedDecoder(maxBodyBytes: 64, maxLineLength: 32, maxTrailerBytes: 64, maxTrailerCount: 3)

    var testDescription: String { name }

    static func decodes(_ name: String, _ input: String, _ body: String, rest: Int = 0) -> ChunkedCase {
        ChunkedCase(name: name, input: input, expectation: .body(body, rest: rest))
    }

    static func rejects(_ name: String, _ input: String, _ kind: HTTPParseError.Kind, _ status: Int) -> ChunkedCase {
        ChunkedCase(name: name, input: input, expectation: .failure(kind, status: status))
    }
}

@Suite struct ChunkedDecoderTests {
    static let cases: [ChunkedCase] = [
        .decodes("one chunk", "5\r\nhello\r\n0\r\n\r\n", "hello"),
        .decodes("several chunks", "1\r\na\r\n2\r\nbc\r\n3\r\ndef\r\n0\r\n\r\n", "abcdef"),
        .decodes("only the last chunk", "0\r\n\r\n", ""),
        .decodes("upper and lower case hex", "A\r\n0123456789\r\nb\r\n0123456789a\r\n0\r\n\r\n", "01234567890123456789a"),
        .decodes("leading zeros", "0003\r\nabc\r\n000\r\n\r\n", "abc"),
        .decodes("extensions are skipped", "3;a=1;b=\"x;y\"\r\nabc\r\n0;z\r\n\r\n", "abc"),
        .decodes("whitespace before an extension", "3 \t;a\r\nabc\r\n0\r\n\r\n", "abc"),
        .decodes("whitespace before the line end", "3 \r\nabc\r\n0\r\n\r\n", "abc"),
        .decodes("trailers are dropped", "3\r\nabc\r\n0\r\nX-Sum: 1\r\nY:\r\n\r\n", "abc"),
        .decodes("data holding CRLF and NUL", "4\r\n\r\n\0\r\r\n0\r\n\r\n", "\r\n\0\r"),
        .decodes("bytes after the body are left alone", "1\r\nx\r\n0\r\n\r\nGET / HTTP/1.1\r\n", "x", rest: 16),
        .decodes("a body of exactly the limit", "40\r\n" + String(repeating: "z", count: 64) + "\r\n0\r\n\r\n",
                 String(repeating: "z", count: 64)),
        .rejects("a size overflow", "ffffffffffffffffff\r\n", .chunkSizeOverflow, 400),
        .rejects("a size of 2^63", "8000000000000000\r\n", .chunkSizeOverflow, 400),
        .rejects("a size of Int.max is too large", "7fffffffffffffff\r\n", .bodyTooLarge, 413),
        .rejects("chunks over the body limit", "20\r\n" + String(repeating: "a", count: 32) + "\r\n21\r\n", .bodyTooLarge, 413),
        .rejects("a size that is not hex", "g\r\n", .invalidChunkSize, 400),
        .rejects("a negative size", "-1\r\nx\r\n", .invalidChunkSize, 400),
        .rejects("a plus sign", "+1\r\nx\r\n", .invalidChunkSize, 400),
        .rejects("a 0x prefix", "0x1\r\nx\r\n", .invalidChunkSize, 400),
        .rejects("an empty size line", "\r\n", .invalidChunkSize, 400),
        .rejects("whitespace before the size", " 1\r\nx\r\n", .invalidChunkSize, 400),
        .rejects("whitespace inside the size", "1 0\r\n", .invalidChunkSize, 400),
        .rejects("a bare LF after the size", "1\nx\r\n0\r\n\r\n", .invalidChunkSize, 400),
        .rejects("a bare CR after the size", "1\rx\r\n0\r\n\r\n", .bareCR, 400),
        .rejects("a control byte in an extension", "1;a\u{01}\r\nx\r\n", .invalidChunkSize, 400),
        .rejects("a NUL in an extension", "1;a\0\r\nx\r\n", .nulByte, 400),
        .rejects("a NUL in the size", "1\0\r\nx\r\n", .nulByte, 400),
        .rejects("an extension over the line limit", "1;" + String(repeating: "e", count: 40) + "\r\n", .chunkLineTooLong, 400),
        .rejects("leading zeros over the line limit", String(repeating: "0", count: 40) + "1\r\n", .chunkLineTooLong, 400),
        .rejects("more data than the size", "2\r\nabc\r\n0\r\n\r\n", .invalidChunkData, 400),
        .rejects("a bare LF after the data", "2\r\nab\n0\r\n\r\n", .invalidChunkData, 400),
        .rejects("a bare CR after the data", "2\r\nab\rx", .invalidChunkData, 400),
        .rejects("obs-fold in a trailer", "0\r\nX: a\r\n b\r\n\r\n", .obsFold, 400),
        .rejects("a trailer without colon", "0\r\nX a\r\n\r\n", .invalidHeader, 400),
        .rejects("a trailer name with a space before the colon", "0\r\nX : a\r\n\r\n", .invalidHeader, 400),
        .rejects("a control byte in a trailer value", "0\r\nX: \u{7F}\r\n\r\n", .invalidHeader, 400),
        .rejects("a NUL in a trailer", "0\r\nX: a\0\r\n\r\n", .nulByte, 400),
        .rejects("a bare CR in a trailer", "0\r\nX: a\rb\r\n\r\n", .bareCR, 400),
        .rejects("a bare LF in a trailer", "0\r\nX: a\n\r\n", .invalidHeader, 400),
        .rejects("a bare LF as the final line", "0\r\n\n", .invalidHeader, 400),
        .rejects("a bare CR as the final line", "0\r\n\rx", .bareCR, 400),
        .rejects("too many trailers", "0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", .tooManyHeaders, 431),
        .rejects("a trailer section over its limit", "0\r\nX: " + String(repeating: "t", count: 70) + "\r\n\r\n",
                 .headerTooLarge, 431),
    ]

    @Test(arguments: cases)
    func chunkedBody_DecodesTheSame_WholeByteByByteAndAtRandomSplits(_ row: ChunkedCase) {
        let input = Array(row.input.utf8)
        for mode in FeedMode.all() {
            var decoder = row.decoder
            var body: [UInt8] = []
            var consumed = 0
            var failure: HTTPParseError?
            for piece in mode.pieces(of: input) where !decoder.isComplete {
                do {
                    consumed += try piece.withUnsafeBufferPointer { try decoder.decode($0, into: &body) }
                } catch {
                    failure = error as? HTTPParseError
                    break
                }
            }
            let context = "\(row.name), fed \(mode)"
            switch row.expectation {
            case .body(let expected, let rest):
                #expect(failure == nil, "\(context): \(String(describing: failure))")
                #expect(decoder.isComplete, "\(context): not complete")
                #expect(body == Array(expected.utf8), "\(context): body \(String(decoding: body, as: UTF8.self).debugDescription)")
                #expect(input.count - consumed == rest, "\(context): consumed \(consumed)")
                #expect(decoder.decodedByteCount == body.count, "\(context)")
            case .failure(let kind, let status):
                #expect(failure?.kind == kind, "\(context): got \(String(describing: failure))")
                #expect(failure?.status.code == status, "\(context)")
            }
        }
    }

    @Test func decoder_StopsAtTheEndOfTheBody_EvenWhenFedMore() throws {
        var decoder = ChunkedDecoder()
        var body: [UInt8] = []
        let bytes = Array("3\r\nabc\r\n0\r\n\r\n3\r\nxyz\r\n".utf8)
        let consumed = try bytes.withUnsafeBytes { try decoder.decode($0, into: &body) }
        #expect(consumed == 13)
        #expect(decoder.isComplete)
        let again = try bytes[consumed...].withUnsafeBytes { try decoder.decode($0, into: &body) }
        #expect(again == 0)
        #expect(body == Array("abc".utf8))
    }

    @Test func limitsInit_TakesBodyLineAndTrailerLimitsFromHTTPLimits() {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 10
        limits.maxChunkLineLength = 20
        limits.maxHeaderBytes = 30
        limits.maxHeaderCount = 4
        let decoder = ChunkedDecoder(limits: limits)
        #expect(decoder.maxBodyBytes == 10)
        #expect(decoder.maxLineLength == 20)
        #expect(decoder.maxTrailerBytes == 30)
        #expect(decoder.maxTrailerCount == 4)
    }
}
