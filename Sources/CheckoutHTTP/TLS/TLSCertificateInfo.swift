import COpenSSL
import Glibc

/// What a caller may want to know about a certificate: who, until when, which exactly.
public struct TLSCertificateInfo: Sendable, Hashable {
    /// The subject, in OpenSSL's one-line form (`/CN=localhost`).
    public var subject: String
    /// Start of validity, seconds since the epoch.
    public var notBefore: Int
    /// End of validity, seconds since the epoch (format with `HTTPDate.format(epochSeconds:)`).
    public var notAfter: Int
    /// SHA-256 over the DER encoding: identifies the exact certificate.
    public var sha256Fingerprint: [UInt8]

    /// The fingerprint as `AB:CD:...`, as `openssl x509 -fingerprint -sha256` prints it.
    public var sha256FingerprintHex: String {
        sha256Fingerprint.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    /// Whether the certificate has expired at `now` (seconds since the epoch; default: the current time).
    public func isExpired(now: Int = Int(time(nil))) -> Bool { now > notAfter }

    /// Reads an `X509 *`; `nil` if a field cannot be decoded.
    init?(x509: OpaquePointer) {
        guard let notBefore = Self.epochSeconds(X509_get0_notBefore(x509)),
              let notAfter = Self.epochSeconds(X509_get0_notAfter(x509)) else { return nil }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(x509, EVP_sha256(), &digest, &length) == 1 else { return nil }
        self.sha256Fingerprint = Array(digest.prefix(Int(length)))
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.subject = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
            guard X509_NAME_oneline(X509_get_subject_name(x509), buffer.baseAddress, 512) != nil else { return "" }
            return String(cString: buffer.baseAddress!)
        }
    }

    private static func epochSeconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int? {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Int(timegm(&parts))
    }
}
