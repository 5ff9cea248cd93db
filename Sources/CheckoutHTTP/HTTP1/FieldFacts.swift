/// What the decoder learns from the fields that govern framing and the connection.
struct FieldFacts: Sendable {
    var contentLength: Int?
    var hasTransferEncoding = false
    var codingCount = 0
    var chunkedCount = 0
    var lastCodingIsChunked = false
    var hostCount = 0
    var hostIsValid = true
    var close = false
    var keepAlive = false
    var expectsContinue = false

    /// Records one field line whose name and value are already syntactically valid.
    mutating func note(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        switch name.count {
        case 4 where HTTPByte.equalsLowercase(name, "host"):
            hostCount += 1
            hostIsValid = hostIsValid && value.allSatisfy(Self.isHostByte)
        case 6 where HTTPByte.equalsLowercase(name, "expect"):
            HTTPByte.forEachListElement(value) { if HTTPByte.equalsLowercase($0, "100-continue") { expectsContinue = true } }
        case 10 where HTTPByte.equalsLowercase(name, "connection"):
            HTTPByte.forEachListElement(value) { token in
                if HTTPByte.equalsLowercase(token, "close") { close = true }
                if HTTPByte.equalsLowercase(token, "keep-alive") { keepAlive = true }
            }
        case 14 where HTTPByte.equalsLowercase(name, "content-length"):
            try noteContentLength(value)
        case 17 where HTTPByte.equalsLowercase(name, "transfer-encoding"):
            hasTransferEncoding = true
            HTTPByte.forEachListElement(value) { coding in
                guard !coding.isEmpty else { return }  // empty list elements are ignored (RFC 9110 §5.6.1.2)
                codingCount += 1
                lastCodingIsChunked = HTTPByte.equalsLowercase(coding, "chunked")
                if lastCodingIsChunked { chunkedCount += 1 }
            }
        default:
            break
        }
    }

    /// `Content-Length = 1*DIGIT`; a list or repeat of one value is that value (RFC 9112 §6.3, RFC 9110 §8.6).
    mutating func noteContentLength(_ value: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        var error: HTTPParseError?
        HTTPByte.forEachListElement(value) { element in
            guard error == nil else { return }
            guard !element.isEmpty, element.allSatisfy(HTTPByte.isDigit) else {
                error = HTTPParseError(.invalidContentLength)
                return
            }
            var n = 0
            for digit in element {
                let (times10, o1) = n.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(digit - 0x30))
                // Overflow-safe: a length beyond Int cannot be honoured (RFC 9110 §8.6).
                if o1 || o2 { error = HTTPParseError(.invalidContentLength); return }
                n = sum
            }
            if let previous = contentLength, previous != n {
                error = HTTPParseError(.duplicateContentLength)
                return
            }
            contentLength = n
        }
        if let error { throw error }
    }

    /// Checks Host, then decides the body framing (RFC 9112 §3.2, §6.1, §6.3).
    func framing(version: HTTPVersion, limits: HTTPLimits) throws(HTTPParseError) -> BodyFraming {
        if hostCount == 0 && version == .http1_1 { throw HTTPParseError(.missingHost) }
        if hostCount > 1 { throw HTTPParseError(.duplicateHost) }
        if !hostIsValid { throw HTTPParseError(.invalidHost) }
        if hasTransferEncoding {
            // Both framings at once is a smuggling vector: reject rather than pick one.
            if contentLength != nil { throw HTTPParseError(.conflictingFraming) }
            if version == .http1_0 { throw HTTPParseError(.invalidTransferEncoding) }
            if codingCount == 1 && chunkedCount == 1 { return .chunked }
            // chunked must be applied once and last, else the length is unknowable: 400.
            if codingCount == 0 || chunkedCount > 1 || (chunkedCount == 1 && !lastCodingIsChunked) {
                throw HTTPParseError(.invalidTransferEncoding)
            }
            throw HTTPParseError(.unsupportedTransferEncoding)  // gzip, deflate, ... (RFC 9112 §6.1: 501)
        }
        if let contentLength {
            if contentLength > limits.maxBodyBytes { throw HTTPParseError(.bodyTooLarge) }
            return .length(contentLength)
        }
        return .none
    }

    /// uri-host [":" port] bytes: unreserved, sub-delims, "%", ":" and IP-literal brackets (RFC 3986 §3.2).
    static func isHostByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: true
        case 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D: true
        case 0x25, 0x3A, 0x5B, 0x5D: true
        default: false
        }
    }
}
