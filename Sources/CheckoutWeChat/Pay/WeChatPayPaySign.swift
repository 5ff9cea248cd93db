import CheckoutCore
import CheckoutCrypto
import Foundation

/// Signs `wx.requestPayment` parameters for a JSAPI / mini-program prepay with the merchant key.
public struct WeChatPayPaySign: Sendable {
    /// The mini-program's AppID, the one the prepay was placed for.
    public let appID: String
    private let privateKey: RSAPrivateKey

    /// - Parameters:
    ///   - appID: the mini-program AppID.
    ///   - privateKey: the merchant API key (the one that signs requests).
    public init(appID: String, privateKey: RSAPrivateKey) {
        self.appID = appID
        self.privateKey = privateKey
    }

    /// The signed parameters for `prepayID`.
    /// - Parameters:
    ///   - prepayID: the `prepay_id` from `/v3/pay/transactions/jsapi`.
    ///   - timestamp: Unix seconds; defaults to now.
    ///   - nonce: defaults to 32 random alphanumerics.
    public func parameters(prepayID: String, timestamp: Int = Int(Date().timeIntervalSince1970),
                           nonce: String = SecureRandom.alphanumeric(count: 32)) throws(CryptoError) -> PayParameters {
        let package = "prepay_id=\(prepayID)"
        let message = WeChatPayMessage.paySign(appID: appID, timestamp: String(timestamp), nonce: nonce, package: package)
        let signature = Data(try privateKey.sign(sha256: message)).base64EncodedString()
        return PayParameters(appID: appID, timeStamp: String(timestamp), nonceStr: nonce,
                             package: package, signType: "RSA", paySign: signature)
    }

    /// Whether `parameters.paySign` verifies under the merchant public key (as the platform checks).
    public static func isValid(_ parameters: PayParameters, publicKey: RSAPublicKey) -> Bool {
        guard parameters["signType"] == "RSA", let appID = parameters["appId"], let timeStamp = parameters["timeStamp"],
              let nonce = parameters["nonceStr"], let package = parameters.package,
              let signature = parameters["paySign"].flatMap({ Data(base64Encoded: $0) }) else { return false }
        let message = WeChatPayMessage.paySign(appID: appID, timestamp: timeStamp, nonce: nonce, package: package)
        return publicKey.verify(signature: [UInt8](signature), sha256: message)
    }
}
