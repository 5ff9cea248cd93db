import CheckoutCore
import CheckoutCrypto
import Foundation
import Testing
@testable import CheckoutWeChat

@Suite struct WeChatPayPaySignTests {
    let paySign = WeChatPayPaySign(appID: Fixtures.payAppID, privateKey: try! RSAPrivateKey(pem: Fixtures.merchantKeyPKCS1))
    let merchant = try! RSAPublicKey(pem: Fixtures.merchantPublicKey)

    @Test func parameters_CarryTheOpenSSLComputedPaySign() throws {
        let parameters = try paySign.parameters(prepayID: Fixtures.payPrepayID, timestamp: Fixtures.payTimestamp,
                                                nonce: Fixtures.payNonce)
        #expect(parameters == PayParameters(appID: "wx8888888888888888", timeStamp: "1414561699",
                                            nonceStr: "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
                                            package: "prepay_id=wx201410272009395522657a690389285100",
                                            signType: "RSA", paySign: Fixtures.paySign))
    }

    @Test func parameters_EncodeWithTheKeysRequestPaymentTakes() throws {
        let parameters = try paySign.parameters(prepayID: "wx2024", timestamp: 1700000000, nonce: "n1")
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(parameters)) as? [String: String]
        #expect(Set(object?.keys ?? [:].keys) == ["appId", "timeStamp", "nonceStr", "package", "signType", "paySign"])
        #expect(object?["package"] == "prepay_id=wx2024")
        #expect(object?["timeStamp"] == "1700000000")
    }

    @Test func paySign_VerifiesWithTheMerchantPublicKeyOnlyForUnchangedParameters() throws {
        let parameters = try paySign.parameters(prepayID: "wx2024")
        #expect(parameters["nonceStr"]?.count == 32)
        #expect(WeChatPayPaySign.isValid(parameters, publicKey: merchant))
        var changed = parameters
        changed.fields["package"] = "prepay_id=wx2025"
        #expect(!WeChatPayPaySign.isValid(changed, publicKey: merchant))
        changed = parameters
        changed.fields["signType"] = "MD5"
        #expect(!WeChatPayPaySign.isValid(changed, publicKey: merchant))
        #expect(!WeChatPayPaySign.isValid(parameters, publicKey: try RSAPublicKey(pem: Fixtures.platformCertificate)))
    }
}
