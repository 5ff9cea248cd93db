import CheckoutCrypto
import CheckoutHTTPTypes
import Foundation
import Testing
@testable import CheckoutWeChat

@Suite struct WeChatPayNotificationTests {
    let apiV3Key = Array(Fixtures.apiV3Key.utf8)
    let platformKey = try! RSAPrivateKey(pem: Fixtures.platformKey)
    let decryptor = try! WeChatPayNotificationDecryptor(apiV3Key: Fixtures.apiV3Key)
    let verifier = WeChatPaySignatureVerifier(
        platformKeys: [Fixtures.platformSerial: try! RSAPublicKey(pem: Fixtures.platformCertificate)])

    var builder: WeChatPayNotificationBuilder {
        try! WeChatPayNotificationBuilder(platformPrivateKey: platformKey, platformSerial: Fixtures.platformSerial,
                                          apiV3Key: apiV3Key)
    }

    static let paid = WeChatPayTransaction(
        appID: "wxd678efh567hg6787", merchantID: "1230000109", outTradeNo: "ord_7Hk2",
        transactionID: "4200001234202401011234567890", tradeState: .success, tradeStateDesc: "支付成功",
        bankType: "OTHERS", successTime: "2024-01-01T12:00:05+08:00",
        payer: .init(openID: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"),
        amount: .init(total: 2599, payerTotal: 2599, currency: "CNY", payerCurrency: "CNY"))

    /// Builds a body, lets `edit` change its JSON object, and re-signs it with the platform key,
    /// so only the decryption step can notice.
    private func resigned(_ message: WeChatPaySignedMessage, _ edit: (inout [String: Any]) -> Void) throws -> WeChatPaySignedMessage {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(message.body)) as? [String: Any])
        edit(&object)
        let body = [UInt8](try JSONSerialization.data(withJSONObject: object))
        let headers = try WeChatPayPlatformSigner(serialNumber: Fixtures.platformSerial, privateKey: platformKey).headers(body: body)
        return WeChatPaySignedMessage(headers: headers, body: body)
    }

    private func decryptionFailure(_ message: WeChatPaySignedMessage,
                                   decryptor: WeChatPayNotificationDecryptor? = nil) throws -> WeChatPayDecryptionError? {
        try verifier.verify(headers: message.headers, body: message.body)
        do {
            let notification = try WeChatPayNotificationDecryptor.decodeNotification(message.body)
            _ = try (decryptor ?? self.decryptor).transaction(from: notification)
            return nil
        } catch {
            return error
        }
    }

    @Test func pythonEncryptedOpenSSLSignedNotification_DecryptsToTheTransaction() throws {
        let body = Array(Fixtures.notificationBody.utf8)
        let notification = try WeChatPayNotificationDecryptor.decodeNotification(body)
        #expect(notification.id == "EV-2018022511223320873")
        #expect(notification.eventType == .transactionSuccess)
        #expect(notification.resource.associatedData == "transaction")
        let transaction = try decryptor.transaction(from: notification)
        #expect(transaction.outTradeNo == "1217752501201407033233368018")
        #expect(transaction.tradeState == .success)
        #expect(transaction.amount == .init(total: 100, payerTotal: 100, currency: "CNY", payerCurrency: "CNY"))
        #expect(transaction.payer?.openID == "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
        #expect(transaction.merchantID == "1230000109" && transaction.appID == "wxd678efh567hg6787")
        #expect(transaction.successTime.flatMap(WeChatPayTime.parse) == Date(timeIntervalSince1970: 1528425296))
    }

    @Test func builtTransactionNotification_VerifiesAndDecryptsToWhatWasSent() throws {
        let message = try builder.transactionSuccess(Self.paid, id: "EV-1")
        #expect(message.headers["Wechatpay-Serial"] == Fixtures.platformSerial)
        #expect(message.headers["Wechatpay-Signature-Type"] == "WECHATPAY2-SHA256-RSA2048")
        try verifier.verify(headers: message.headers, body: message.body)
        let notification = try WeChatPayNotificationDecryptor.decodeNotification(message.body)
        #expect(notification.id == "EV-1")
        #expect(notification.eventType == .transactionSuccess)
        #expect(notification.resourceType == "encrypt-resource")
        #expect(notification.resource.algorithm == "AEAD_AES_256_GCM")
        #expect(notification.resource.nonce.count == 12)
        #expect(try decryptor.transaction(from: notification) == Self.paid)
    }

    @Test(arguments: [WeChatPayRefund.Status.success, .closed, .abnormal])
    func builtRefundNotification_CarriesTheMatchingEventAndRefund(status: WeChatPayRefund.Status) throws {
        let refund = WeChatPayRefund(merchantID: "1230000109", outTradeNo: "ord_7Hk2",
                                     transactionID: "4200001234202401011234567890", outRefundNo: "rf_1",
                                     refundID: "50000000382019052709732678859", refundStatus: status,
                                     successTime: status == .success ? "2024-01-02T09:00:00+08:00" : nil,
                                     userReceivedAccount: "支付用户零钱", amount: .init(total: 2599, refund: 1000))
        let message = try builder.refund(refund)
        try verifier.verify(headers: message.headers, body: message.body)
        let notification = try WeChatPayNotificationDecryptor.decodeNotification(message.body)
        let expected: WeChatPayEventType = switch status {
        case .success: .refundSuccess
        case .closed: .refundClosed
        default: .refundAbnormal
        }
        #expect(notification.eventType == expected)
        #expect(try decryptor.refund(from: notification) == refund)
        #expect(throws: WeChatPayDecryptionError.unexpectedEventType(expected.rawValue)) {
            try decryptor.transaction(from: notification)
        }
    }

    @Test func tamperedCiphertext_FailsAuthentication() throws {
        let message = try resigned(builder.transactionSuccess(Self.paid)) { object in
            var resource = object["resource"] as! [String: Any]
            var sealed = [UInt8](Data(base64Encoded: resource["ciphertext"] as! String)!)
            sealed[5] ^= 0x01
            resource["ciphertext"] = Data(sealed).base64EncodedString()
            object["resource"] = resource
        }
        #expect(try decryptionFailure(message) == .authenticationFailed)
    }

    @Test func tamperedAssociatedDataOrNonce_FailsAuthentication() throws {
        for (field, value) in [("associated_data", "refund"), ("nonce", "AAAAAAAAAAAA")] {
            let message = try resigned(builder.transactionSuccess(Self.paid)) { object in
                var resource = object["resource"] as! [String: Any]
                resource[field] = value
                object["resource"] = resource
            }
            #expect(try decryptionFailure(message) == .authenticationFailed)
        }
    }

    @Test func wrongAPIv3Key_FailsAuthentication() throws {
        let other = try WeChatPayNotificationDecryptor(apiV3Key: "0123456789abcdefghijABCDEFGHIJ02")
        #expect(try decryptionFailure(builder.transactionSuccess(Self.paid), decryptor: other) == .authenticationFailed)
    }

    @Test func otherAlgorithm_IsRefused() throws {
        let message = try resigned(builder.transactionSuccess(Self.paid)) { object in
            var resource = object["resource"] as! [String: Any]
            resource["algorithm"] = "AEAD_SM4_GCM"
            object["resource"] = resource
        }
        #expect(try decryptionFailure(message) == .wrongAlgorithm("AEAD_SM4_GCM"))
    }

    @Test func ciphertextThatIsNotBase64OrTooShort_IsMalformed() throws {
        for value in ["%%%not base64%%%", Data([1, 2, 3]).base64EncodedString()] {
            let message = try resigned(builder.transactionSuccess(Self.paid)) { object in
                var resource = object["resource"] as! [String: Any]
                resource["ciphertext"] = value
                object["resource"] = resource
            }
            #expect(try decryptionFailure(message) == .malformedCiphertext)
        }
    }

    @Test func malformedOuterJSON_IsReported() {
        for body in ["", "{", #"{"id":"EV-1"}"#, "[1,2]"] {
            #expect {
                try WeChatPayNotificationDecryptor.decodeNotification(Array(body.utf8))
            } throws: { error in
                if case .malformedJSON = error as? WeChatPayDecryptionError { return true }
                return false
            }
        }
    }

    @Test func authenticResourceThatIsNotATransaction_IsMalformedJSON() throws {
        for resource in ["not json", #"{"out_trade_no":"ord_7Hk2"}"#, #"{"amount":"100"}"#] {
            let message = try builder.notification(eventType: .transactionSuccess, summary: "支付成功",
                                                   originalType: "transaction", resourceJSON: Array(resource.utf8),
                                                   associatedData: "transaction")
            let failure = try decryptionFailure(message)
            guard case .malformedJSON = failure else {
                Issue.record("expected malformedJSON, got \(String(describing: failure))")
                continue
            }
        }
    }

    @Test func absentAssociatedData_DecryptsAsEmpty() throws {
        let message = try builder.notification(eventType: .transactionSuccess, summary: "支付成功",
                                               originalType: "transaction",
                                               resourceJSON: WeChatPayNotificationBuilder.encode(Self.paid),
                                               associatedData: nil)
        #expect(!String(decoding: message.body, as: UTF8.self).contains("associated_data"))
        #expect(try decryptionFailure(message) == nil)
    }

    @Test func apiV3KeysOfWrongLength_AreRefused() {
        #expect(throws: WeChatPayDecryptionError.invalidKey) { try WeChatPayNotificationDecryptor(apiV3Key: "short") }
        #expect(throws: CryptoError.self) {
            try WeChatPayNotificationBuilder(platformPrivateKey: platformKey, platformSerial: "S", apiV3Key: [1, 2])
        }
    }

    @Test func notificationSignedByAnotherKeyUnderTheKnownSerial_IsRejected() throws {
        let impostor = try WeChatPayNotificationBuilder(platformPrivateKey: RSAPrivateKey(pem: Fixtures.merchantKeyPKCS1),
                                                        platformSerial: Fixtures.platformSerial, apiV3Key: apiV3Key)
        let message = try impostor.transactionSuccess(Self.paid)
        #expect(throws: WeChatPayVerificationError.badSignature) {
            try verifier.verify(headers: message.headers, body: message.body)
        }
    }
}
