/// Parses a complete, already scanned request head (request line, field lines, empty line).
///
/// The scanner has already rejected NUL, bare CR, obs-fold and every size limit except the
/// target's; this checks the syntax of each line and then the framing rules of RFC 9112 §6.
enum HTTPHeadParser {
    /// - Parameter fieldCount: the field lines the scanner counted (room reserved once).
    static func parse(_ head: UnsafeBufferPointer<UInt8>, fieldCount: Int, limits: HTTPLimits) throws(HTTPParseError) -> HTTPRequestHead {
        var lines = Lines(bytes: head)
        guard let requestLine = lines.next() else { throw HTTPParseError(.invalidRequestLine) }
        let (method, target, version) = try parseRequestLine(requestLine, limits: limits)
        var facts = FieldFacts()
        var fields = HTTPFields()
        fields.reserveCapacity(fieldCount)
        while let line = lines.next(), !line.isEmpty {
            try parseField(line, into: &fields, facts: &facts)
        }
        let framing = try facts.framing(version: version, limits: limits)
        let keepAlive = version == .http1_0 ? facts.keepAlive && !facts.close : !facts.close
        let expectsContinue = version == .http1_1 && facts.expectsContinue && framing != .none && framing != .length(0)
        return HTTPRequestHead(
            method: method, target: target, version: version, headers: fields,
            keepAlive: keepAlive, expectsContinue: expectsContinue, framing: framing
        )
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3).
    static func parseRequestLine(
        _ line: UnsafeBufferPointer<UInt8>, limits: HTTPLimits
    ) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        guard let sp1 = HTTPByte.index(of: HTTPByte.sp, in: line), sp1 > 0,
              HTTPByte.allToken(UnsafeBufferPointer(rebasing: line[..<sp1])),
              let sp2 = HTTPByte.index(of: HTTPByte.sp, in: line, from: sp1 + 1), sp2 > sp1 + 1
        else { throw HTTPParseError(.invalidRequestLine) }
        let targetBytes = UnsafeBufferPointer(rebasing: line[(sp1 + 1)..<sp2])
        if targetBytes.count > limits.maxTargetLength { throw HTTPParseError(.targetTooLong) }
        let version = try parseVersion(UnsafeBufferPointer(rebasing: line[(sp2 + 1)...]))
        // The target may hold only visible ASCII: no CTL, DEL, HTAB or bytes above 0x7F.
        for b in targetBytes where !HTTPByte.isVisible(b) { throw HTTPParseError(.invalidTarget) }
        let (method, isCommon) = knownMethod(UnsafeBufferPointer(rebasing: line[..<sp1]))
        guard isCommon || HTTPMethod.known.contains(method) else { throw HTTPParseError(.unknownMethod) }
        try checkTargetForm(targetBytes, method: method)
        return (method, HTTPByte.string(targetBytes), version)
    }

    /// `HTTP/DIGIT.DIGIT`, case-sensitive (RFC 9112 §2.3). Other 1.x minors read as 1.1.
    static func parseVersion(_ v: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        guard v.count == 8, v[0] == 0x48, v[1] == 0x54, v[2] == 0x54, v[3] == 0x50, v[4] == 0x2F,
              HTTPByte.isDigit(v[5]), v[6] == 0x2E, HTTPByte.isDigit(v[7])
        else { throw HTTPParseError(.invalidRequestLine) }
        guard v[5] == 0x31 else { throw HTTPParseError(.unsupportedVersion) }
        return v[7] == 0x30 ? .http1_0 : .http1_1
    }

    /// The method, and whether it is one of the common ones matched without a set lookup.
    static func knownMethod(_ bytes: UnsafeBufferPointer<UInt8>) -> (HTTPMethod, Bool) {
        switch bytes.count {
        case 3 where bytes[0] == 0x47 && bytes[1] == 0x45 && bytes[2] == 0x54: (.get, true)
        case 4 where bytes[0] == 0x50 && bytes[1] == 0x4F && bytes[2] == 0x53 && bytes[3] == 0x54: (.post, true)
        default: (HTTPMethod(rawValue: HTTPByte.string(bytes)), false)
        }
    }

    /// origin-form, absolute-form (http/https), `*` for OPTIONS, authority-form for CONNECT (RFC 9112 §3.2).
    static func checkTargetForm(_ t: UnsafeBufferPointer<UInt8>, method: HTTPMethod) throws(HTTPParseError) {
        let invalid = HTTPParseError(.invalidTarget)
        // A fragment is not part of any request-target form.
        if t.contains(0x23) { throw invalid }
        if method == .connect {
            // authority-form: host ":" port, nothing else (RFC 9112 §3.2.3).
            guard let colon = t.lastIndex(of: HTTPByte.colon), colon > 0, colon < t.count - 1,
                  t[(colon + 1)...].allSatisfy(HTTPByte.isDigit),
                  !t.contains(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x40 })
            else { throw invalid }
            return
        }
        if t[0] == 0x2F { return }  // origin-form
        if t.count == 1 && t[0] == 0x2A {  // asterisk-form
            guard method == .options else { throw invalid }
            return
        }
        // absolute-form: only http and https URIs with an authority.
        guard let colon = t.firstIndex(of: HTTPByte.colon) else { throw invalid }
        let scheme = UnsafeBufferPointer(rebasing: t[..<colon])
        guard HTTPByte.equalsLowercase(scheme, "http") || HTTPByte.equalsLowercase(scheme, "https"),
              t.count > colon + 3, t[colon + 1] == 0x2F, t[colon + 2] == 0x2F
        else { throw invalid }
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5); no whitespace before the colon.
    static func parseField(
        _ line: UnsafeBufferPointer<UInt8>, into fields: inout HTTPFields, facts: inout FieldFacts
    ) throws(HTTPParseError) {
        guard let colon = HTTPByte.index(of: HTTPByte.colon, in: line), colon > 0,
              HTTPByte.allToken(UnsafeBufferPointer(rebasing: line[..<colon]))
        else { throw HTTPParseError(.invalidHeader) }
        let name = UnsafeBufferPointer(rebasing: line[..<colon])
        let value = HTTPByte.trimmed(UnsafeBufferPointer(rebasing: line[(colon + 1)...]))
        guard HTTPByte.allFieldValue(value) else { throw HTTPParseError(.invalidHeader) }
        try facts.note(name: name, value: value)
        fields.append(CommonFieldNames.name(name) ?? HTTPByte.string(name), HTTPByte.string(value))
    }

    /// The lines of a head, without their CRLF or LF.
    struct Lines: IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func next() -> UnsafeBufferPointer<UInt8>? {
            guard position < bytes.count else { return nil }
            let lf = HTTPByte.index(of: HTTPByte.lf, in: bytes, from: position) ?? bytes.count
            let end = lf > position && bytes[lf - 1] == HTTPByte.cr ? lf - 1 : lf
            defer { position = lf + 1 }
            return UnsafeBufferPointer(rebasing: bytes[position..<end])
        }
    }
}
