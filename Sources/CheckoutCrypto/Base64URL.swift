import Foundation

/// Unpadded base64url (RFC 4648 §5), as used for tokens.
public enum Base64URL {
    /// `bytes` in base64url without `=` padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        var s = Data(bytes).base64EncodedString()
        s = s.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while s.last == "=" { s.removeLast() }
        return s
    }

    /// The bytes of a base64url string with or without padding, or `nil` if malformed.
    public static func decode(_ string: String) -> [UInt8]? {
        guard string.utf8.allSatisfy({ $0 == 0x2D || $0 == 0x5F || $0 == 0x3D || isAlphanumeric($0) }) else { return nil }
        var s = string.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s.append("=") }
        return Data(base64Encoded: s).map { [UInt8]($0) }
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
    }
}
