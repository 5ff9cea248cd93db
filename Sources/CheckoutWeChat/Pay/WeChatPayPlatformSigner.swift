import CheckoutCrypto
import Foundation
import CheckoutHTTPTypes

/// Signs responses and notifications the way the WeChat Pay platform does: for the sandbox
/// provider and the test fake platform, never for production traffic.
public struct WeChatPayPlatformSigner: Sendable {
    /// The serial that `Wechatpay-Serial` carries.
    public let serialNumber: String
    private let privateKey: RSAPrivateKey

    /// - Parameters:
    ///   - serialNumber: the platform key's serial as the verifier knows it.
    ///   - privateKey: the platform private key.
    public init(serialNumber: String, privateKey: RSAPrivateKey) {
        self.serialNumber = serialNumber
        self.privateKey = privateKey
    }

    /// The five `Wechatpay-*` headers for `body`, signed over `timestamp\nnonce\nbody\n`.
    /// - Parameters:
    ///   - body: the exact body bytes to be sent.
    ///   - timestamp: Unix seconds; defaults to now.
    ///   - nonce: defaults to 32 random alphanumerics.
    public func headers(body: [UInt8], timestamp: Int = Int(Date().timeIntervalSince1970),
                        nonce: String = SecureRandom.alphanumeric(count: 32)) throws(CryptoError) -> HTTPFields {
        let message = WeChatPayMessage.platform(timestamp: String(timestamp), nonce: nonce, body: body)
        let signature = Data(try privateKey.sign(sha256: message)).base64EncodedString()
        return [
            WeChatPayHeader.timestamp: String(timestamp),
            WeChatPayHeader.nonce: nonce,
            WeChatPayHeader.signature: signature,
            WeChatPayHeader.serial: serialNumber,
            WeChatPayHeader.signatureType: WeChatPayHeader.scheme,
        ]
    }
}
