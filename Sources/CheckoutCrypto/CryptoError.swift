internal import COpenSSL

/// A failure in the cryptographic layer, carrying the drained OpenSSL error queue as text.
///
/// `code` says what went wrong in terms a caller can act on; `message` is for logs only and
/// never contains key material.
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure; open for growth, compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A key could not be read, has the wrong type, or has the wrong size.
        public static let invalidKey = Code("invalid_key")
        /// A certificate could not be read.
        public static let invalidCertificate = Code("invalid_certificate")
        /// An argument is malformed (nonce length, short ciphertext, ...).
        public static let invalidInput = Code("invalid_input")
        /// An AEAD tag did not match: the data, associated data, nonce or key is wrong.
        public static let authenticationFailed = Code("authentication_failed")
        /// OpenSSL failed where it should not (allocation, unsupported algorithm, ...).
        public static let library = Code("library")

        public var description: String { name }
    }

    /// What went wrong.
    public let code: Code
    /// A human-readable explanation with OpenSSL's reasons appended.
    public let message: String

    /// Makes an error, appending and clearing whatever OpenSSL has queued on this thread.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: what was being done, e.g. `"EVP_DigestSign"`.
    public init(_ code: Code, _ message: String) {
        let reasons = Self.drainOpenSSLErrors()
        self.code = code
        self.message = reasons.isEmpty ? message : "\(message): \(reasons.joined(separator: "; "))"
    }

    public var description: String { "CryptoError(\(code)): \(message)" }

    /// Empties this thread's OpenSSL error queue and returns its entries as text.
    static func drainOpenSSLErrors() -> [String] {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons
    }

    /// Discards queued OpenSSL errors after an expected failure (e.g. a signature that
    /// does not verify), so they are not blamed on a later, unrelated call.
    static func clearOpenSSLErrors() { ERR_clear_error() }
}
