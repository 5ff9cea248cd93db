import Foundation

/// A response as the test client parsed it off the wire.
public struct TestResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// First value of a header, case-insensitive.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// Parses one response from `bytes`; `nil` when incomplete.
    static func parse(_ bytes: [UInt8], headRequest: Bool, atEOF: Bool) throws -> (TestResponse, Int)? {
        guard let headEnd = find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
        let headText = String(decoding: bytes[0..<headEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw TestError("bad status line: \(headText.prefix(80))")
        }
        var response = TestResponse(status: status, reason: statusLine.count > 2 ? String(statusLine[2]) : "",
                                    headers: [], body: [])
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            response.headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var offset = headEnd + 4
        if headRequest || status < 200 || status == 204 || status == 304 {
            return (response, offset)
        }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                guard let lineEnd = find([13, 10], in: bytes, from: offset) else { return nil }
                let sizeText = String(decoding: bytes[offset..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                    throw TestError("bad chunk size \(sizeText)")
                }
                offset = lineEnd + 2
                if size == 0 {
                    guard let end = find([13, 10], in: bytes, from: offset) else { return nil }
                    return (response, end + 2)
                }
                guard bytes.count >= offset + size + 2 else { return nil }
                response.body.append(contentsOf: bytes[offset..<offset + size])
                offset += size + 2
            }
        }
        if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            guard bytes.count >= offset + length else { return nil }
            response.body = Array(bytes[offset..<offset + length])
            return (response, offset + length)
        }
        guard atEOF else { return nil }
        response.body = Array(bytes[offset...])
        return (response, bytes.count)
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var i = start
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0] && Array(bytes[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }
}
