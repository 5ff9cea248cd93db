import Foundation

/// An incremental, strict and bounded reader of flat XML documents (`<xml><k>v</k>…</xml>`),
/// the shape of QQ Wallet requests, answers and notifications. Bytes may arrive in any pieces.
///
/// Strict on purpose, since a notification is untrusted input: no DTD, comments or processing
/// instructions (`<!…`), so no entity can be declared (billion laughs, external entities); only
/// the five predefined entities and numeric character references (XML 1.0 §4.1, §4.6); no
/// attributes; no nested elements; an XML declaration only first and only for UTF-8; values
/// must be UTF-8 without control characters (XML 1.0 §2.2); a byte limit over the whole input.
public struct XMLFlatParser: Sendable {
    /// Bounds on what one document may hold.
    public struct Limits: Sendable, Hashable {
        /// Whole document; default 64 KiB (a QQ Wallet notification is under 2 KiB).
        public var maxBytes = 64 * 1024
        public var maxFields = 64
        public var maxNameBytes = 64
        public var maxValueBytes = 16 * 1024

        public init() {}
    }

    private enum Phase { case beforeRoot, inRoot, inChild, afterRoot }
    private enum Mode {
        case text
        case markup
        case cdata
        case reference
    }

    public let limits: Limits
    private var phase = Phase.beforeRoot
    private var mode = Mode.text
    private var offset = 0
    private var sawDeclaration = false
    private var token: [UInt8] = []
    private var value: [UInt8] = []
    private var cdataStart = 0
    private var root = ""
    private var child = ""
    private var fields = XMLFields()
    private var names = Set<String>()

    private static let cdataOpen = Array("![CDATA[".utf8)
    private static let cdataClose = Array("]]>".utf8)

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses a whole document.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(XMLParseError) -> XMLFields {
        var parser = XMLFlatParser(limits: limits)
        try parser.feed(bytes)
        return try parser.finish()
    }

    /// Consumes the next piece of the document.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(XMLParseError) {
        guard offset + bytes.count <= limits.maxBytes else {
            throw XMLParseError(.tooLarge, at: limits.maxBytes, "the document is larger than \(limits.maxBytes) bytes")
        }
        for byte in bytes {
            try consume(byte)
            offset += 1
        }
    }

    /// The document, once its root element has closed.
    public func finish() throws(XMLParseError) -> XMLFields {
        guard phase == .afterRoot, mode == .text else {
            throw XMLParseError(.truncated, at: offset, "the document ends before its root element closes")
        }
        var document = fields
        document.root = root
        return document
    }

    private func fail(_ kind: XMLParseError.Kind, _ detail: String) -> XMLParseError {
        XMLParseError(kind, at: offset, detail)
    }

    private mutating func consume(_ byte: UInt8) throws(XMLParseError) {
        switch mode {
        case .text:
            if byte == UInt8(ascii: "<") {
                mode = .markup
                token.removeAll(keepingCapacity: true)
            } else if phase == .inChild {
                if byte == UInt8(ascii: "&") {
                    mode = .reference
                    token.removeAll(keepingCapacity: true)
                } else {
                    try appendValue(byte)
                }
            } else if !Self.isSpace(byte) {
                throw fail(.malformed, "text outside an element")
            }
        case .markup:
            try markup(byte)
        case .cdata:
            try appendValue(byte)
            if value.count - cdataStart >= 3, value.suffix(3).elementsEqual(Self.cdataClose) {
                value.removeLast(3)
                mode = .text
            }
        case .reference:
            if byte == UInt8(ascii: ";") {
                for decoded in try Self.decodeReference(token, at: offset) { try appendValue(decoded) }
                mode = .text
            } else {
                guard token.count < 10 else { throw fail(.unknownEntity, "an entity reference that never ends") }
                token.append(byte)
            }
        }
    }

    private mutating func appendValue(_ byte: UInt8) throws(XMLParseError) {
        // XML 1.0 §2.2: no C0 controls but tab, LF and CR.
        guard byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else {
            throw fail(.badEncoding, "a control character in a value")
        }
        guard value.count < limits.maxValueBytes else { throw fail(.limitExceeded, "a value longer than \(limits.maxValueBytes) bytes") }
        value.append(byte)
    }

    private mutating func markup(_ byte: UInt8) throws(XMLParseError) {
        token.append(byte)
        if token.first == UInt8(ascii: "!") {
            // Only a CDATA section, and only inside a field; never a DTD, comment or declaration.
            guard phase == .inChild, token.count <= Self.cdataOpen.count,
                  token.elementsEqual(Self.cdataOpen.prefix(token.count)) else {
                throw fail(.forbiddenMarkup, "DTDs, comments and declarations are not accepted")
            }
            if token.count == Self.cdataOpen.count {
                mode = .cdata
                cdataStart = value.count
            }
            return
        }
        guard token.count <= limits.maxNameBytes + 64 else { throw fail(.limitExceeded, "a tag that is too long") }
        guard byte == UInt8(ascii: ">") else { return }
        token.removeLast()
        mode = .text
        if token.first == UInt8(ascii: "?") {
            try declaration()
        } else if token.first == UInt8(ascii: "/") {
            try closeTag(try name(token.dropFirst()))
        } else {
            let selfClosing = token.last == UInt8(ascii: "/")
            try openTag(try name(selfClosing ? token.dropLast() : token[...]), selfClosing: selfClosing)
        }
    }

    /// `<?xml version="1.0" encoding="UTF-8"?>`, first and only for UTF-8 (XML 1.0 §2.8).
    private mutating func declaration() throws(XMLParseError) {
        guard phase == .beforeRoot, !sawDeclaration, offset == token.count + 1,
              token.count >= 5, token.last == UInt8(ascii: "?"),
              token.starts(with: Array("?xml".utf8)), Self.isSpace(token[4]) || token.count == 5 else {
            throw fail(.forbiddenMarkup, "processing instructions are not accepted")
        }
        sawDeclaration = true
        let text = String(decoding: token, as: UTF8.self).lowercased()
        if let range = text.range(of: "encoding") {
            let rest = text[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
            guard rest.hasPrefix("utf-8") || rest.hasPrefix("utf8") else {
                throw fail(.badEncoding, "only UTF-8 documents are accepted")
            }
        }
    }

    private mutating func openTag(_ name: String, selfClosing: Bool) throws(XMLParseError) {
        switch phase {
        case .beforeRoot:
            root = name
            phase = selfClosing ? .afterRoot : .inRoot
        case .inRoot:
            guard !names.contains(name) else { throw fail(.limitExceeded, "the field \(name) appears twice") }
            guard names.count < limits.maxFields else { throw fail(.limitExceeded, "more than \(limits.maxFields) fields") }
            names.insert(name)
            child = name
            value.removeAll(keepingCapacity: true)
            if selfClosing { fields[name] = "" } else { phase = .inChild }
        case .inChild:
            throw fail(.malformed, "nested elements are not accepted")
        case .afterRoot:
            throw fail(.malformed, "a second root element")
        }
    }

    private mutating func closeTag(_ name: String) throws(XMLParseError) {
        switch phase {
        case .inChild where name == child:
            guard let text = String(validating: value, as: UTF8.self) else {
                throw fail(.badEncoding, "the value of \(name) is not UTF-8")
            }
            fields[name] = text
            phase = .inRoot
        case .inRoot where name == root:
            phase = .afterRoot
        default:
            throw fail(.malformed, "the closing tag \(name) does not match")
        }
    }

    /// A tag's name: `[A-Za-z_][A-Za-z0-9_.-]*`, then only white space (no attributes).
    private func name(_ bytes: ArraySlice<UInt8>) throws(XMLParseError) -> String {
        var end = bytes.endIndex
        while end > bytes.startIndex, Self.isSpace(bytes[end - 1]) { end -= 1 }
        let name = bytes[bytes.startIndex..<end]
        guard let first = name.first, Self.isNameStart(first) else { throw fail(.malformed, "a tag without a name") }
        guard name.count <= limits.maxNameBytes else { throw fail(.limitExceeded, "a tag name that is too long") }
        guard name.allSatisfy(Self.isNameByte) else {
            throw fail(.malformed, name.contains(where: Self.isSpace) ? "attributes are not accepted" : "a malformed tag name")
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// `lt gt amp quot apos`, `#123`, `#x1F` (XML 1.0 §4.1, §4.6).
    static func decodeReference(_ token: [UInt8], at offset: Int) throws(XMLParseError) -> [UInt8] {
        switch String(decoding: token, as: UTF8.self) {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        case let text where text.hasPrefix("#"):
            let digits = text.dropFirst()
            let code = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let code, let scalar = Unicode.Scalar(code),
                  code >= 0x20 || code == 0x09 || code == 0x0A || code == 0x0D else {
                throw XMLParseError(.unknownEntity, at: offset, "a character reference to no valid character")
            }
            return Array(String(Character(scalar)).utf8)
        default:
            throw XMLParseError(.unknownEntity, at: offset, "entity references other than the predefined five are not accepted")
        }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
