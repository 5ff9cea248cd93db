extension Shipping {
    /// The address as the stores keep it in the orders table:
    /// `{"address":…,"name":…,"phone":…,"postal_code":…|null}`, byte for byte what Foundation's
    /// `JSONEncoder` wrote with sorted keys and unescaped slashes (about 28k instructions an
    /// order; this is a few hundred).
    public var columnJSON: String {
        var out = [UInt8]()
        out.reserveCapacity(name.utf8.count + phone.utf8.count + address.utf8.count + 64)
        out += #"{"address":"#.utf8
        Self.appendQuoted(address, to: &out)
        out += #","name":"#.utf8
        Self.appendQuoted(name, to: &out)
        out += #","phone":"#.utf8
        Self.appendQuoted(phone, to: &out)
        out += #","postal_code":"#.utf8
        if let postalCode { Self.appendQuoted(postalCode, to: &out) } else { out += "null".utf8 }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` as a JSON string the way `JSONEncoder` escapes it (RFC 8259 §7: quote, backslash
    /// and control characters; everything else as UTF-8).
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0x08: out += #"\b"#.utf8
            case 0x0C: out += #"\f"#.utf8
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += #"\u00"#.utf8
                out += [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
