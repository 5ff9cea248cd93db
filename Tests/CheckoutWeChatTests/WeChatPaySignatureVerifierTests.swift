import CheckoutCrypto
import CheckoutHTTPTypes
import Foundation
import Testing
@testable import CheckoutWeChat

@Suite struct WeChatPaySignatureVerifierTests {
    let body = Array(Fixtures.notificationBody.utf8)
    let signedAt = Date(timeIntervalSince1970: 1554209980)
    let verifier = WeChatPaySignatureVerifier(
        platformKeys: [Fixtures.platformSerial: try! RSAPublicKey(pem: Fixtures.platformCertificate)],
        now: { Date(timeIntervalSince1970: 1554209980) })

    var headers: HTTPFields {
        [
            "Wechatpay-Timestamp": Fixtures.notificationTimestamp,
            "Wechatpay-Nonce": Fixtures.notificationNonce,
            "Wechatpay-Signature": Fixtures.notificationSignature,
            "Wechatpay-Serial": Fixtures.platformSerial,
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
        ]
    }

    private func failure(_ headers: HTTPFields, body: [UInt8]? = nil, now: Date? = nil) -> WeChatPayVerificationError? {
        do {
            try verifier.verify(headers: headers, body: body ?? self.body, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func opensslSignedNotification_VerifiesAgainstTheCertificateKey() throws {
        try verifier.verify(headers: headers, body: body)
        try verifier.verify(timestamp: Fixtures.notificationTimestamp, nonce: Fixtures.notificationNonce, body: body,
                            signature: Fixtures.notificationSignature, serial: Fixtures.platformSerial)
    }

    @Test func headerNames_AreMatchedCaseInsensitively() throws {
        var lower = HTTPFields()
        for field in headers { lower.append(field.name.lowercased(), field.value) }
        try verifier.verify(headers: lower, body: body)
    }

    @Test func forgedSignature_IsRejected() {
        var forged = [UInt8](Data(base64Encoded: Fixtures.notificationSignature)!)
        forged[17] ^= 0x04
        var h = headers
        h["Wechatpay-Signature"] = Data(forged).base64EncodedString()
        #expect(failure(h) == .badSignature)
        h["Wechatpay-Signature"] = "WECHATPAY/SIGNTEST/" + Fixtures.notificationSignature
        #expect(failure(h) == .badSignature)
    }

    @Test func alteredBodyOrNonce_IsRejected() {
        var tampered = body
        tampered[tampered.count / 2] ^= 0x01
        #expect(failure(headers, body: tampered) == .badSignature)
        var h = headers
        h["Wechatpay-Nonce"] = "c5ac7061fccab6bf3e254dcf98995b8d"
        #expect(failure(h) == .badSignature)
    }

    @Test func unknownSerial_IsRejectedBeforeAnythingElse() {
        var h = headers
        h["Wechatpay-Serial"] = "5157F09EFDC096DE15EBE81A47057A7232F1B8E2"
        #expect(failure(h) == .unknownSerial("5157F09EFDC096DE15EBE81A47057A7232F1B8E2"))
        #expect(failure(h, now: signedAt.addingTimeInterval(3600)) == .unknownSerial("5157F09EFDC096DE15EBE81A47057A7232F1B8E2"))
    }

    @Test func timestampsWithinFiveMinutes_AreAccepted() {
        #expect(failure(headers, now: signedAt.addingTimeInterval(300)) == nil)
        #expect(failure(headers, now: signedAt.addingTimeInterval(-300)) == nil)
    }

    @Test func staleAndFutureTimestamps_AreRejected() {
        #expect(failure(headers, now: signedAt.addingTimeInterval(301)) == .timestampOutOfWindow(skewSeconds: -301))
        #expect(failure(headers, now: signedAt.addingTimeInterval(-301)) == .timestampOutOfWindow(skewSeconds: 301))
        #expect(failure(headers, now: signedAt.addingTimeInterval(86400 * 365)) != nil)
    }

    @Test(arguments: ["", "-1554209980", "1554209980.5", "0x5CA2E1BC", "15542099800000000000"])
    func malformedTimestamps_AreRejected(value: String) {
        var h = headers
        h["Wechatpay-Timestamp"] = value
        let expected: WeChatPayVerificationError = value.isEmpty ? .missingHeader("Wechatpay-Timestamp") : .malformedTimestamp(value)
        #expect(failure(h) == expected)
    }

    @Test(arguments: ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"])
    func eachMissingHeader_IsNamed(name: String) {
        var h = headers
        h[name] = nil
        #expect(failure(h) == .missingHeader(name))
    }

    @Test func signatureTypeHeader_MayBeAbsentButNotDifferent() {
        var h = headers
        h["Wechatpay-Signature-Type"] = nil
        #expect(failure(h) == nil)
        h["Wechatpay-Signature-Type"] = "WECHATPAY2-SM2-WITH-SM3"
        #expect(failure(h) == .unsupportedSignatureType("WECHATPAY2-SM2-WITH-SM3"))
    }

    @Test func injectedClock_IsUsedWhenNoNowIsGiven() throws {
        let late = WeChatPaySignatureVerifier(platformKeys: verifier.platformKeys,
                                              now: { Date(timeIntervalSince1970: 1554209980 + 3600) })
        #expect(throws: WeChatPayVerificationError.timestampOutOfWindow(skewSeconds: -3600)) {
            try late.verify(headers: headers, body: body)
        }
    }
}
