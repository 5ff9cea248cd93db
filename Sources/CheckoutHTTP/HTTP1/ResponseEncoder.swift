/// Serializes response heads and chunk framing (RFC 9112 §4, §6, §7.1).
enum ResponseEncoder {
    /// Header names the server owns; a handler's values for them are dropped.
    private static let serverOwned = ["content-length", "transfer-encoding", "connection", "date", "keep-alive"]

    private static func isServerOwned(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4, 10, 14, 17: serverOwned.contains { HTTPFields.equal($0, name) }  // the lengths of `serverOwned`
        default: false
        }
    }

    /// Encodes the status line and fields into `buffer`.
    /// - Parameters:
    ///   - contentLength: the body length to announce, or `nil` for a chunked (or close-delimited) body.
    ///   - chunked: announce `Transfer-Encoding: chunked`.
    ///   - keepAlive: whether the connection stays open after this response.
    ///   - version: the request's version, to decide how keep-alive is spelled.
    static func encodeHead(
        status: HTTPStatus, headers: HTTPFields, contentLength: Int?, chunked: Bool,
        keepAlive: Bool, version: HTTPVersion, date: String, requestID: String, into buffer: inout [UInt8]
    ) {
        let reason = status.reasonPhrase
        var fieldBytes = 0
        for field in headers { fieldBytes += field.name.utf8.count + field.value.utf8.count + 4 }
        let echoesID = !requestID.isEmpty && !headers.contains("X-Request-Id")
        // Every line at its longest: one capacity check and plain copies for the whole head.
        let maximum = 9 + 2 * ByteCursor.maximumDecimal + reason.utf8.count + fieldBytes + date.utf8.count
            + requestID.utf8.count + 120
        buffer.append(maximum: maximum) { out in
            out.copy("HTTP/1.1 ")
            out.decimal(status.code)
            out.byte(UInt8(ascii: " "))
            out.copy(reason)
            out.copy("\r\n")
            for field in headers where !isServerOwned(field.name) {
                out.copy(field.name)
                out.copy(": ")
                out.copy(field.value)
                out.copy("\r\n")
            }
            out.copy("Date: ")
            out.copy(date)
            out.copy("\r\n")
            if echoesID {
                out.copy("X-Request-Id: ")
                out.copy(requestID)
                out.copy("\r\n")
            }
            // RFC 9110 §8.6: no Content-Length on 1xx and 204; 304 omits it too.
            if status.mayHaveBody {
                if chunked {
                    out.copy("Transfer-Encoding: chunked\r\n")
                } else if let contentLength {
                    out.copy("Content-Length: ")
                    out.decimal(contentLength)
                    out.copy("\r\n")
                }
            }
            if !keepAlive {
                out.copy("Connection: close\r\n")
            } else if version == .http1_0 {
                out.copy("Connection: keep-alive\r\n")
            }
            out.copy("\r\n")
        }
    }

    /// Frames one chunk of a chunked body (an empty chunk is skipped: it would end the body).
    static func encodeChunk(_ bytes: [UInt8], into buffer: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        appendString(String(bytes.count, radix: 16), to: &buffer)
        append("\r\n", to: &buffer)
        buffer.append(contentsOf: bytes)
        append("\r\n", to: &buffer)
    }

    /// The last chunk and an empty trailer section.
    static func encodeLastChunk(into buffer: inout [UInt8]) {
        append("0\r\n\r\n", to: &buffer)
    }

    /// The interim answer to `Expect: 100-continue`.
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    @inline(__always)
    private static func appendString(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    @inline(__always)
    private static func append(_ text: StaticString, to buffer: inout [UInt8]) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }
}
