/// Progress of the scan for the end of a head, as offsets from the decoder's read index.
struct HeadScan: Sendable, Equatable {
    /// The next byte to examine.
    var position = 0
    /// Where the current line starts.
    var lineStart = 0
    /// Whether the request line has ended (field lines follow).
    var inFields = false
    var fieldCount = 0
    var leadingEmptyLines = 0
}

extension HTTPRequestDecoder {
    /// Scans newly buffered head bytes; parses and consumes the head once its empty line arrives.
    mutating func decodeHead() throws(HTTPParseError) -> HTTPRequestHead? {
        // Nothing new since the last scan (asked again after a request ended): no work.
        guard scan.position < buffer.count - readIndex else { return nil }
        var scan = self.scan
        let limits = self.limits
        let start = readIndex
        var consumed = 0
        // The head travels out as the closure's value, not inside a `Result` (a copy and a
        // destroy of every field string each time).
        let head = try buffer.withUnsafeBufferPointer { all throws(HTTPParseError) -> HTTPRequestHead? in
            let bytes = UnsafeBufferPointer(rebasing: all[start...])
            let (skipped, length, fieldCount) = try Self.scanHead(bytes, scan: &scan, limits: limits)
            consumed = skipped
            guard let length else { return nil }
            consumed += length
            let head = UnsafeBufferPointer(rebasing: bytes[skipped..<skipped + length])
            return try HTTPHeadParser.parse(head, fieldCount: fieldCount, limits: limits)
        }
        readIndex += consumed
        self.scan = scan
        if head == nil, consumed > 0 { compact() }
        return head
    }

    /// Examines bytes from `scan.position`, enforcing byte rules and limits as it goes.
    /// - Returns: how many bytes of leading empty lines to drop, and the head length once complete
    ///   (the head then starts right after the dropped bytes) with its number of field lines.
    ///   `scan` is rebased past the dropped bytes.
    static func scanHead(
        _ p: UnsafeBufferPointer<UInt8>, scan: inout HeadScan, limits: HTTPLimits
    ) throws(HTTPParseError) -> (skipped: Int, length: Int?, fieldCount: Int) {
        let maxLine = limits.maxTargetLength + HTTPLimits.requestLineOverhead
        var skipped = 0  // start of the head proper, past leading empty lines
        var i = scan.position
        while i < p.count {
            // Fast path: skip ordinary bytes (above SP) up to the nearest limit in one tight loop.
            var stop = min(p.count, skipped + limits.maxHeaderBytes)
            if !scan.inFields { stop = min(stop, scan.lineStart + maxLine) }
            // A SP matters only at the start of a field line (obs-fold).
            while i < stop && (p[i] > HTTPByte.sp || (p[i] == HTTPByte.sp && i != scan.lineStart)) { i += 1 }
            guard i < p.count else { break }

            if i - skipped >= limits.maxHeaderBytes { throw HTTPParseError(.headerTooLarge) }
            let b = p[i]
            switch b {
            case HTTPByte.lf:
                // A bare LF is accepted as a line end (RFC 9112 §2.2); a CR before it was checked.
                let end = i > scan.lineStart && p[i - 1] == HTTPByte.cr ? i - 1 : i
                if end == scan.lineStart {
                    if scan.inFields {
                        let length = i + 1 - skipped, fieldCount = scan.fieldCount
                        scan = HeadScan()
                        return (skipped, length, fieldCount)
                    }
                    // Empty lines before the request line are ignored, a few of them (RFC 9112 §2.2).
                    scan.leadingEmptyLines += 1
                    if scan.leadingEmptyLines > limits.maxLeadingEmptyLines {
                        throw HTTPParseError(.invalidRequestLine)
                    }
                    skipped = i + 1
                } else if scan.inFields {
                    scan.fieldCount += 1
                    if scan.fieldCount > limits.maxHeaderCount { throw HTTPParseError(.tooManyHeaders) }
                } else {
                    scan.inFields = true
                }
                scan.lineStart = i + 1
            case HTTPByte.cr:
                // A CR is only allowed right before LF (RFC 9112 §2.2: a bare CR is invalid).
                guard i + 1 < p.count else { break }
                guard p[i + 1] == HTTPByte.lf else { throw HTTPParseError(.bareCR) }
            case 0:
                throw HTTPParseError(.nulByte)
            case HTTPByte.sp, HTTPByte.htab:
                // obs-fold, or whitespace before the first field (RFC 9112 §5.2, §2.2).
                if scan.inFields && i == scan.lineStart { throw HTTPParseError(.obsFold) }
            default:
                break
            }
            if !scan.inFields && i - scan.lineStart >= maxLine && b != HTTPByte.cr && b != HTTPByte.lf {
                throw requestLineTooLong(UnsafeBufferPointer(rebasing: p[scan.lineStart..<i]), limits: limits)
            }
            if b == HTTPByte.cr && i + 1 == p.count { break }  // wait for the byte after CR
            i += 1
        }
        scan.position = i - skipped
        scan.lineStart -= skipped
        return (skipped, nil, scan.fieldCount)
    }

    /// 414 when the target is what makes an unfinished request line too long, else 400.
    static func requestLineTooLong(_ line: UnsafeBufferPointer<UInt8>, limits: HTTPLimits) -> HTTPParseError {
        guard let space = line.firstIndex(of: HTTPByte.sp) else { return HTTPParseError(.invalidRequestLine) }
        let rest = line[(space + 1)...]
        let targetLength = (rest.firstIndex(of: HTTPByte.sp) ?? line.count) - space - 1
        return HTTPParseError(targetLength > limits.maxTargetLength ? .targetTooLong : .invalidRequestLine)
    }
}
