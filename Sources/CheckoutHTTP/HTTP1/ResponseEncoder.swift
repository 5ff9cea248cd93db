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
        buffer.reserveCapacity(buffer.count + 256)
        append("HTTP/1.1 ", to: &buffer)
        appendDecimal(status.code, to: &buffer)
        buffer.append(UInt8(ascii: " "))
        appendString(status.reasonPhrase, to: &buffer)
        append("\r\n", to: &buffer)
        for field in headers where !isServerOwned(field.name) {
            appendString(field.name, to: &buffer)
            append(": ", to: &buffer)
            appendString(field.value, to: &buffer)
            append("\r\n", to: &buffer)
        }
        append("Date: ", to: &buffer)
        appendString(date, to: &buffer)
        append("\r\n", to: &buffer)
        if !requestID.isEmpty && !headers.contains("X-Request-Id") {
            append("X-Request-Id: ", to: &buffer)
            appendString(requestID, to: &buffer)
            append("\r\n", to: &buffer)
        }
        // RFC 9110 §8.6: no Content-Length on 1xx and 204; 304 omits it too.
        if status.mayHaveBody {
            if chunked {
                append("Transfer-Encoding: chunked\r\n", to: &buffer)
            } else if let contentLength {
                append("Content-Length: ", to: &buffer)
                appendDecimal(contentLength, to: &buffer)
                append("\r\n", to: &buffer)
            }
        }
        if !keepAlive {
            append("Connection: close\r\n", to: &buffer)
        } else if version == .http1_0 {
            append("Connection: keep-alive\r\n", to: &buffer)
        }
        append("\r\n", to: &buffer)
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

    /// The decimal digits of a non-negative `value` (status codes, lengths), without a `String`.
    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        precondition(value >= 0, "a negative length or status")
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
