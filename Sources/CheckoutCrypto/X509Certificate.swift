import Foundation
internal import COpenSSL

/// The parts of an X.509 certificate WeChat Pay needs: a platform certificate's serial number
/// (what `Wechatpay-Serial` names), its public key, and its validity.
public struct X509Certificate: Sendable {
    /// The serial number as uppercase hex without leading zero bytes, the way WeChat Pay
    /// writes `serial_no` and `Wechatpay-Serial` (e.g. `5157F09EFDC096DE15EBE81A47057A7232F1B8E1`).
    public let serialNumberHex: String
    /// The certificate's RSA public key.
    public let publicKey: RSAPublicKey
    /// The start of the validity period.
    public let notBefore: Date
    /// The end of the validity period.
    public let notAfter: Date

    /// Reads one certificate from PEM (`BEGIN CERTIFICATE`).
    /// - Throws: `CryptoError.Code.invalidCertificate` if unreadable, or `.invalidKey` if its
    ///   key is not RSA.
    public init(pem: String) throws(CryptoError) {
        let x509 = EVPKey.withReadBIO(Array(pem.utf8)) { PEM_read_bio_X509($0, nil, { _, _, _, _ in -1 }, nil) }
        guard let x509 else { throw CryptoError(.invalidCertificate, "cannot read X.509 certificate PEM") }
        defer { X509_free(x509) }

        guard let serial = X509_get_serialNumber(x509) else {
            throw CryptoError(.invalidCertificate, "certificate has no serial number")
        }
        var length: Int32 = 0
        let data = checkout_ASN1_INTEGER_get0_data(serial, &length)
        var bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: Int(length))) } ?? []
        while bytes.count > 1, bytes.first == 0 { bytes.removeFirst() }
        serialNumberHex = Hex.encode(bytes, uppercase: true)

        guard let start = Self.date(X509_get0_notBefore(x509)), let end = Self.date(X509_get0_notAfter(x509)) else {
            throw CryptoError(.invalidCertificate, "certificate has unreadable validity dates")
        }
        notBefore = start
        notAfter = end

        guard let pointer = X509_get_pubkey(x509) else {
            throw CryptoError(.invalidCertificate, "certificate has no readable public key")
        }
        let key = EVPKey(taking: pointer)
        guard key.isRSA else { throw CryptoError(.invalidKey, "certificate key is not an RSA key") }
        publicKey = RSAPublicKey(key: key)
    }

    /// Whether `date` lies within the validity period.
    public func isValid(at date: Date) -> Bool { notBefore <= date && date <= notAfter }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
