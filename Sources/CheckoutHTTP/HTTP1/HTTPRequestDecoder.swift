/// An incremental HTTP/1.0 and HTTP/1.1 request decoder (RFC 9112).
///
/// Feed it bytes as they arrive with `append(_:)`, then call `next()` until it returns `nil`.
/// Each request yields `.head` and then `.end(body:)`. Bytes past the end of one request stay
/// buffered for the next (pipelining). The first error is final: the decoder stays failed and
/// `next()` keeps throwing it; the server answers `error.status` and closes.
///
/// The head is scanned once, byte by byte, as it arrives: limits, bare CR and NUL fail as soon
/// as the offending byte is seen, not when the head ends. Strings are built once per field.
public struct HTTPRequestDecoder: Sendable {
    enum Phase: Sendable, Equatable {
        case head
        /// Content-Length body (or none): this many bytes still to come.
        case body(remaining: Int)
        case chunked
        case failed(HTTPParseError)
    }

    public let limits: HTTPLimits
    var phase: Phase = .head
    var buffer: [UInt8] = []
    var readIndex = 0
    var scan = HeadScan()
    var chunked: ChunkedDecoder
    var body: [UInt8] = []

    /// Capacity the buffer keeps when it runs empty; a larger one is released (idle connections stay small).
    static let retainedCapacity = 4 * 1024

    /// - Parameter limits: size limits; the defaults are those of `HTTPLimits()`.
    public init(limits: HTTPLimits = .init()) {
        self.limits = limits
        self.chunked = ChunkedDecoder(limits: limits)
    }

    /// Buffers bytes read from the connection. Ignored once the decoder has failed.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty, !isFailed else { return }
        compact()
        bytes.withMemoryRebound(to: UInt8.self) { buffer.append(contentsOf: $0) }
    }

    /// Buffers bytes read from the connection. Ignored once the decoder has failed.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The next event, or `nil` when more bytes are needed.
    /// - Throws: the first `HTTPParseError`, again on every later call.
    public mutating func next() throws(HTTPParseError) -> HTTPDecoderEvent? {
        do throws(HTTPParseError) {
            switch phase {
            case .failed(let error):
                throw error
            case .head:
                guard let head = try decodeHead() else { return nil }
                switch head.framing {
                case .none: phase = .body(remaining: 0)
                case .length(let n): phase = .body(remaining: n); body.reserveCapacity(min(n, 64 * 1024))
                case .chunked: phase = .chunked; chunked = ChunkedDecoder(limits: limits)
                }
                return .head(head)
            case .body(let remaining):
                let n = min(remaining, buffer.count - readIndex)
                if n > 0 {
                    body.append(contentsOf: buffer[readIndex..<readIndex + n])
                    readIndex += n
                }
                guard n == remaining else {
                    phase = .body(remaining: remaining - n)
                    return nil
                }
                return finishRequest()
            case .chunked:
                var decoder = chunked, decoded = body
                body = []
                let result = buffer.withUnsafeBufferPointer { all in
                    Result { () throws(HTTPParseError) in
                        try decoder.decode(UnsafeBufferPointer(rebasing: all[readIndex...]), into: &decoded)
                    }
                }
                chunked = decoder
                body = decoded
                readIndex += try result.get()
                return chunked.isComplete ? finishRequest() : nil
            }
        } catch {
            phase = .failed(error)
            body = []
            buffer = []
            readIndex = 0
            throw error
        }
    }

    /// No byte of a next request is buffered, and no request is in progress (idle keep-alive).
    public var isIdle: Bool { phase == .head && readIndex == buffer.count }

    /// Some bytes of a head are buffered but the head is not complete yet (head timeout applies).
    public var isReadingHead: Bool { phase == .head && readIndex < buffer.count }

    /// A head was returned and its request has not ended yet.
    public var isReadingBody: Bool {
        switch phase {
        case .body, .chunked: true
        case .head, .failed: false
        }
    }

    /// Whether an error was thrown; the decoder then stays failed.
    public var isFailed: Bool {
        if case .failed = phase { return true }
        return false
    }

    /// Bytes appended but not yet consumed by an event.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    private mutating func finishRequest() -> HTTPDecoderEvent {
        let finished = body
        body = []
        phase = .head
        scan = HeadScan()
        compact()
        return .end(body: finished)
    }

    /// Drops consumed bytes once they are at least half the buffer (amortised O(1) per byte).
    mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= Self.retainedCapacity)
            readIndex = 0
        } else if readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}
