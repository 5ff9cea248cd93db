import Foundation

/// Reads a whole HTTP/1.1 answer received up to the connection's close (RFC 9112 §6.3):
/// the status line, the fields, then the body by `Content-Length`, chunked coding, or to the end.
enum HTTPAnswerReader {
    static func read(_ bytes: [UInt8]) throws -> BlockingHTTPClient.Answer {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw OutgoingHTTPError(.invalidResponse, "the answer ended inside its head")
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]),
              (100...599).contains(status) else {
            throw OutgoingHTTPError(.invalidResponse, "not an HTTP/1.1 status line")
        }
        var headers = HTTPFields()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw OutgoingHTTPError(.invalidResponse, "a malformed field line") }
            headers.append(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let rest = Array(bytes[(end + 4)...])
        if headers["Transfer-Encoding"]?.lowercased().contains("chunked") == true {
            var decoder = ChunkedDecoder()
            var body: [UInt8] = []
            do {
                _ = try rest.withUnsafeBufferPointer { input throws(HTTPParseError) in try decoder.decode(input, into: &body) }
            } catch {
                throw OutgoingHTTPError(.invalidResponse, "a malformed chunked body")
            }
            return .init(status: status, headers: headers, body: body)
        }
        if let length = headers["Content-Length"].flatMap({ Int($0) }) {
            guard rest.count >= length else { throw OutgoingHTTPError(.invalidResponse, "the body ended early") }
            return .init(status: status, headers: headers, body: Array(rest.prefix(length)))
        }
        return .init(status: status, headers: headers, body: rest)
    }
}
