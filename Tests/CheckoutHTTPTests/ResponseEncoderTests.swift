import Testing
@testable import CheckoutHTTP

/// Response heads byte for byte: status line, the handler's fields minus the ones the server
/// owns, Date, X-Request-Id, framing and connection fields.
@Suite struct ResponseEncoderTests {
    static let date = "Fri, 04 Dec 2026 10:00:00 GMT"

    func head(_ status: HTTPStatus, _ headers: HTTPFields = [:], length: Int? = 15, chunked: Bool = false,
              keepAlive: Bool = true, version: HTTPVersion = .http1_1, requestID: String = "req-1") -> String {
        var buffer = Array("prefix|".utf8)
        ResponseEncoder.encodeHead(status: status, headers: headers, contentLength: length, chunked: chunked,
                                   keepAlive: keepAlive, version: version, date: Self.date, requestID: requestID,
                                   into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func okWithFieldsAndLength() {
        #expect(head(.ok, ["Content-Type": "application/json", "ETag": "\"abc\""]) ==
            "prefix|HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"abc\"\r\n"
            + "Date: \(Self.date)\r\nX-Request-Id: req-1\r\nContent-Length: 15\r\n\r\n")
    }

    @Test func serverOwnedFieldsFromTheHandlerAreDropped() {
        let fields: HTTPFields = ["content-length": "99", "Transfer-Encoding": "gzip", "CONNECTION": "close",
                                  "Date": "yesterday", "Keep-Alive": "timeout=5", "Dates": "kept", "X-Other": "kept"]
        #expect(head(.ok, fields, length: 0, requestID: "") ==
            "prefix|HTTP/1.1 200 OK\r\nDates: kept\r\nX-Other: kept\r\nDate: \(Self.date)\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func handlersRequestIDWins() {
        #expect(head(.created, ["X-Request-Id": "mine"], length: 1_048_576) ==
            "prefix|HTTP/1.1 201 Created\r\nX-Request-Id: mine\r\nDate: \(Self.date)\r\nContent-Length: 1048576\r\n\r\n")
    }

    @Test func noLengthOn204And304() {
        #expect(head(.noContent, length: 0) == "prefix|HTTP/1.1 204 No Content\r\nDate: \(Self.date)\r\nX-Request-Id: req-1\r\n\r\n")
        #expect(head(.notModified, length: 10).hasPrefix("prefix|HTTP/1.1 304 Not Modified\r\n"))
        #expect(!head(.notModified, length: 10).contains("Content-Length"))
    }

    @Test func chunkedCloseAndHTTP10KeepAlive() {
        #expect(head(.ok, length: nil, chunked: true, keepAlive: false, requestID: "") ==
            "prefix|HTTP/1.1 200 OK\r\nDate: \(Self.date)\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        #expect(head(HTTPStatus(code: 599, reasonPhrase: "Odd"), length: 7, version: .http1_0, requestID: "") ==
            "prefix|HTTP/1.1 599 Odd\r\nDate: \(Self.date)\r\nContent-Length: 7\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test(arguments: [0, 1, 9, 10, 99, 100, 101, 999, 1000, 65_535, 1_000_000_007, Int.max])
    func decimalsMatchTheStandardLibrary(value: Int) {
        var buffer: [UInt8] = []
        buffer.append(maximum: ByteCursor.maximumDecimal) { $0.decimal(value) }
        #expect(String(decoding: buffer, as: UTF8.self) == String(value))
    }
}
