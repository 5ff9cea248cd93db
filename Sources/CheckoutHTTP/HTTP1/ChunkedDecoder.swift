/// An incremental decoder for the chunked transfer coding (RFC 9112 §7.1).
///
/// Feed it the bytes after the head; it appends chunk data to a body and stops right after
/// the final CRLF, so bytes of a next request are left alone. Extensions are skipped within
/// `maxLineLength`; trailer fields are checked and dropped within the trailer limits. Every
/// line end in the framing must be CRLF: a bare LF is rejected here (unlike in the head),
/// because lenient chunk parsing is a request-smuggling vector.
public struct ChunkedDecoder: Sendable {
    enum State: Sendable, Equatable {
        case size(digits: Int)
        case sizeWhitespace  // BWS between the size and `;` or the line end
        case extensions
        case sizeLF
        case data(remaining: Int)
        case dataCR, dataLF
        case trailerLineStart, trailerName, trailerValue, trailerLF, finalLF
        case done
    }

    /// Largest total of decoded chunk data; more is `bodyTooLarge` (413).
    public var maxBodyBytes: Int
    /// Longest chunk-size line, extensions included; longer is `chunkLineTooLong` (400).
    public var maxLineLength: Int
    /// Largest trailer section in bytes; larger is `headerTooLarge` (431).
    public var maxTrailerBytes: Int
    /// Most trailer fields; more is `tooManyHeaders` (431).
    public var maxTrailerCount: Int

    var state = State.size(digits: 0)
    var size = 0
    var lineLength = 0
    var trailerBytes = 0
    var trailerCount = 0
    /// Chunk data bytes decoded so far.
    public private(set) var decodedByteCount = 0

    public init(maxBodyBytes: Int = 1024 * 1024, maxLineLength: Int = 4 * 1024,
                maxTrailerBytes: Int = 16 * 1024, maxTrailerCount: Int = 100) {
        self.maxBodyBytes = maxBodyBytes
        self.maxLineLength = maxLineLength
        self.maxTrailerBytes = maxTrailerBytes
        self.maxTrailerCount = maxTrailerCount
    }

    /// A decoder with the body, chunk-line and head (for trailers) limits of `limits`.
    public init(limits: HTTPLimits) {
        self.init(maxBodyBytes: limits.maxBodyBytes, maxLineLength: limits.maxChunkLineLength,
                  maxTrailerBytes: limits.maxHeaderBytes, maxTrailerCount: limits.maxHeaderCount)
    }

    /// Whether the last chunk and the trailer section have been read.
    public var isComplete: Bool { state == .done }

    /// Decodes as much of `input` as possible, appending chunk data to `body`.
    /// - Returns: how many bytes of `input` were consumed; once `isComplete`, the rest is not ours.
    public mutating func decode(_ input: UnsafeRawBufferPointer, into body: inout [UInt8]) throws(HTTPParseError) -> Int {
        let bytes = UnsafeBufferPointer(start: input.baseAddress?.assumingMemoryBound(to: UInt8.self), count: input.count)
        return try decode(bytes, into: &body)
    }

    /// Decodes as much of `input` as possible, appending chunk data to `body`.
    /// - Returns: how many bytes of `input` were consumed; once `isComplete`, the rest is not ours.
    public mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into body: inout [UInt8]) throws(HTTPParseError) -> Int {
        var i = 0
        while i < input.count && state != .done {
            if case .data(let remaining) = state {
                let n = min(remaining, input.count - i)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<i + n]))
                i += n
                state = n == remaining ? .dataCR : .data(remaining: remaining - n)
                continue
            }
            try step(input[i])
            i += 1
        }
        return i
    }

    /// Advances the framing state machine by one byte outside chunk data.
    mutating func step(_ b: UInt8) throws(HTTPParseError) {
        switch state {
        case .size(let digits):
            lineLength += 1
            if let d = HTTPByte.hexValue(b) {
                // chunk-size = 1*HEXDIG; leading zeros are allowed but count toward the line limit.
                if lineLength > maxLineLength { throw HTTPParseError(.chunkLineTooLong) }
                guard size <= (Int.max - d) >> 4 else { throw HTTPParseError(.chunkSizeOverflow) }
                size = size << 4 | d
                state = .size(digits: digits + 1)
                return
            }
            guard digits > 0 else { throw HTTPParseError(.invalidChunkSize) }
            try afterSize(b)
        case .sizeWhitespace:
            lineLength += 1
            try afterSize(b)
        case .extensions:
            // chunk-ext is ignored, but bounded and free of control bytes other than HTAB.
            lineLength += 1
            if lineLength > maxLineLength { throw HTTPParseError(.chunkLineTooLong) }
            switch b {
            case HTTPByte.cr: state = .sizeLF
            case 0: throw HTTPParseError(.nulByte)
            default: if !HTTPByte.isFieldValue(b) { throw HTTPParseError(.invalidChunkSize) }
            }
        case .sizeLF:
            guard b == HTTPByte.lf else { throw HTTPParseError(.bareCR) }
            lineLength = 0
            if size == 0 {
                state = .trailerLineStart
                return
            }
            guard size <= maxBodyBytes - decodedByteCount else { throw HTTPParseError(.bodyTooLarge) }
            decodedByteCount += size
            state = .data(remaining: size)
            size = 0
        case .data:
            preconditionFailure("chunk data is copied in bulk")
        case .dataCR:
            // Chunk data must be followed by CRLF exactly (RFC 9112 §7.1).
            guard b == HTTPByte.cr else { throw HTTPParseError(.invalidChunkData) }
            state = .dataLF
        case .dataLF:
            guard b == HTTPByte.lf else { throw HTTPParseError(.invalidChunkData) }
            state = .size(digits: 0)
        case .trailerLineStart, .trailerName, .trailerValue, .trailerLF, .finalLF:
            try stepTrailer(b)
        case .done:
            break
        }
    }

    /// What may follow the size digits: BWS, `;` extensions, or CRLF.
    mutating func afterSize(_ b: UInt8) throws(HTTPParseError) {
        if lineLength > maxLineLength { throw HTTPParseError(.chunkLineTooLong) }
        switch b {
        case HTTPByte.cr: state = .sizeLF
        case HTTPByte.semicolon: state = .extensions
        case HTTPByte.sp, HTTPByte.htab: state = .sizeWhitespace
        case 0: throw HTTPParseError(.nulByte)
        default: throw HTTPParseError(.invalidChunkSize)
        }
    }

    /// Trailer fields (RFC 9112 §7.1.2): validated like head fields, then dropped.
    mutating func stepTrailer(_ b: UInt8) throws(HTTPParseError) {
        trailerBytes += 1
        if trailerBytes > maxTrailerBytes { throw HTTPParseError(.headerTooLarge) }
        if b == 0 { throw HTTPParseError(.nulByte) }
        switch state {
        case .trailerLineStart:
            if b == HTTPByte.cr {
                state = .finalLF
            } else if HTTPByte.isWhitespace(b) {
                throw HTTPParseError(.obsFold)
            } else if HTTPByte.isToken(b) {
                state = .trailerName
            } else {
                throw HTTPParseError(.invalidHeader)
            }
        case .trailerName:
            if b == HTTPByte.colon {
                state = .trailerValue
            } else if !HTTPByte.isToken(b) {
                throw HTTPParseError(.invalidHeader)
            }
        case .trailerValue:
            if b == HTTPByte.cr {
                state = .trailerLF
            } else if !HTTPByte.isFieldValue(b) {
                throw HTTPParseError(.invalidHeader)
            }
        case .trailerLF:
            guard b == HTTPByte.lf else { throw HTTPParseError(.bareCR) }
            trailerCount += 1
            if trailerCount > maxTrailerCount { throw HTTPParseError(.tooManyHeaders) }
            state = .trailerLineStart
        case .finalLF:
            guard b == HTTPByte.lf else { throw HTTPParseError(.bareCR) }
            state = .done
        default:
            preconditionFailure("not in the trailer section")
        }
    }
}
