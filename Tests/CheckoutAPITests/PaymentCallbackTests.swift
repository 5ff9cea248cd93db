import CheckoutAPI
import CheckoutCore
import CheckoutCrypto
import CheckoutHTTP
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

@Suite struct PaymentCallbackTests {
    /// A way to spoil a genuine notification, and the status the callback must answer.
    struct Spoiler: Sendable, CustomTestStringConvertible {
        let name: String
        let status: Int
        let spoil: @Sendable (FakeWeChatPay, String, Int) throws -> WeChatPaySignedMessage
        var testDescription: String { name }
    }

    static func now() -> Int { Int(Date().timeIntervalSince1970) }

    /// Re-signs `body` with the genuine platform key, so only the content is wrong.
    static func signed(_ platform: FakeWeChatPay, _ body: [UInt8]) throws -> WeChatPaySignedMessage {
        WeChatPaySignedMessage(headers: try WeChatPayPlatformSigner(serialNumber: platform.platformSerial,
                                                                    privateKey: platform.platformKey).headers(body: body),
                               body: body)
    }

    /// Edits the resource of a genuine notification's body.
    static func editResource(_ message: WeChatPaySignedMessage,
                             _ edit: (inout WeChatPayNotification.Resource) -> Void) throws -> [UInt8] {
        var notification = try JSONDecoder().decode(WeChatPayNotification.self, from: Data(message.body))
        edit(&notification.resource)
        return Array(try JSONEncoder().encode(notification))
    }

    static let spoilers: [Spoiler] = [
        Spoiler(name: "forged signature", status: 401) { p, id, amount in
            let forger = try WeChatPayNotificationBuilder(platformPrivateKey: try RSAPrivateKey.generate(),
                                                          platformSerial: p.platformSerial, apiV3Key: Array(p.apiV3Key.utf8))
            return try forger.transactionSuccess(p.pay(id, amount: amount))
        },
        Spoiler(name: "wrong serial", status: 401) { p, id, amount in
            var message = try p.paymentNotification(id, amount: amount)
            message.headers.set(WeChatPayHeader.serial, "PUB_KEY_ID_SOMEONE_ELSE")
            return message
        },
        Spoiler(name: "stale timestamp", status: 401) { p, id, amount in
            try p.paymentNotification(id, amount: amount, timestamp: now() - 301)
        },
        Spoiler(name: "future timestamp", status: 401) { p, id, amount in
            try p.paymentNotification(id, amount: amount, timestamp: now() + 301)
        },
        Spoiler(name: "tampered ciphertext", status: 400) { p, id, amount in
            try signed(p, try editResource(try p.paymentNotification(id, amount: amount)) { resource in
                var bytes = [UInt8](Data(base64Encoded: resource.ciphertext) ?? Data())
                bytes[0] ^= 0x01
                resource.ciphertext = Data(bytes).base64EncodedString()
            })
        },
        Spoiler(name: "tampered associated data", status: 400) { p, id, amount in
            try signed(p, try editResource(try p.paymentNotification(id, amount: amount)) { $0.associatedData = "refund" })
        },
        Spoiler(name: "wrong APIv3 key", status: 400) { p, id, amount in
            let other = try WeChatPayNotificationBuilder(platformPrivateKey: p.platformKey, platformSerial: p.platformSerial,
                                                         apiV3Key: Array(SecureRandom.alphanumeric(count: 32).utf8))
            return try other.transactionSuccess(p.pay(id, amount: amount))
        },
        Spoiler(name: "malformed JSON", status: 400) { p, _, _ in try signed(p, Array(#"{"id":"x","resource":"#.utf8)) },
        Spoiler(name: "signed body changed afterwards", status: 401) { p, id, amount in
            var message = try p.paymentNotification(id, amount: amount)
            message.body += Array(" ".utf8)
            return message
        },
    ] + [WeChatPayHeader.timestamp, WeChatPayHeader.nonce, WeChatPayHeader.signature, WeChatPayHeader.serial].map { name in
        Spoiler(name: "missing \(name)", status: 401) { p, id, amount in
            var message = try p.paymentNotification(id, amount: amount)
            message.headers.remove(name)
            return message
        }
    }

    @Test(arguments: spoilers)
    func anUnverifiableNotificationIsRejectedAndNothingIsPaid(_ spoiler: Spoiler) async throws {
        try await PaymentAPIFixture.with { f in
            let order = try await f.placeOrder()
            #expect(try await f.pay(order).status == 201)
            let answer = try await f.deliver(try spoiler.spoil(f.platform, order.id, Int(order.amountTotal)))
            #expect(answer.status == spoiler.status)
            #expect(answer.json["code"] as? String == "FAIL")
            #expect(!(answer.json["message"] as? String ?? "").isEmpty)
            #expect(try await f.order(order.id).status == .pendingPayment)
            #expect(try await f.count("SELECT count(*) AS n FROM payment_notifications") == 0)
            #expect(f.app.payments.service.metrics.count(.notificationRejected) == 1)
        }
    }

    @Test func theSameNotificationTenTimesInSequenceAndTenAtOnceIsOnePaymentAndEveryCopyIsAcknowledged() async throws {
        try await PaymentAPIFixture.with { f in
            let order = try await f.placeOrder()
            #expect(try await f.pay(order).status == 201)
            let message = try f.platform.paymentNotification(order.id, amount: Int(order.amountTotal))
            for _ in 0..<10 { #expect(try await f.deliver(message).status == 204) }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 { group.addTask { try await f.deliver(message).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 204, count: 10))
            #expect(try await f.order(order.id).status == .paid)
            #expect(try await f.count("SELECT count(*) AS n FROM payments WHERE status = 'succeeded'") == 1)
            #expect(try await f.count("SELECT count(*) AS n FROM payment_notifications") == 20)
            #expect(f.app.payments.service.metrics.count(.paid) == 1)
            #expect(f.app.payments.service.metrics.count(.duplicate) == 19)
        }
    }

    @Test func concurrentCopiesOfAFreshNotificationAreOnePayment() async throws {
        try await PaymentAPIFixture.with { f in
            let order = try await f.placeOrder()
            #expect(try await f.pay(order).status == 201)
            let message = try f.platform.paymentNotification(order.id, amount: Int(order.amountTotal))
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 { group.addTask { try await f.deliver(message).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 204, count: 10))
            #expect(try await f.count("SELECT count(*) AS n FROM payments WHERE status = 'succeeded'") == 1)
            #expect(f.app.payments.service.metrics.count(.paid) == 1)
        }
    }

    @Test func aPaymentAfterExpiryIsRecordedOnTheCancelledOrderAndRefunded() async throws {
        try await PaymentAPIFixture.with { f in
            let order = try await f.placeOrder()
            #expect(try await f.pay(order).status == 201)
            // The payer paid at the platform just before the order expired; the close is refused
            // and the platform's answer makes the order paid instead of cancelled.
            let racing = try await f.placeOrder(1)
            #expect(try await f.pay(racing).status == 201)
            f.platform.pay(racing.id, amount: Int(racing.amountTotal))
            f.harness.clock.advance(seconds: 901)
            let expired = try await f.services.expiry.runExpiry()
            #expect(expired == [order.id])
            #expect(try await f.order(racing.id).status == .paid)
            #expect(f.platform.tradeState(order.id) == "CLOSED")

            // A late notification for the expired order (a platform that paid it anyway).
            let late = try f.platform.paymentNotification(order.id, amount: Int(order.amountTotal))
            #expect(try await f.deliver(late).status == 204)
            await f.app.payments.service.waitForBackgroundWork()
            let after = try await f.order(order.id)
            #expect(after.status == .cancelled)
            #expect(after.payment?.transactionID != nil)
            #expect(after.refunds.map(\.amount) == [order.amountTotal])
            let refund = try #require(f.platform.received.last { $0.target == "/v3/refund/domestic/refunds" })
            #expect((refund.json["amount"] as? [String: Any])?["refund"] as? Int == Int(order.amountTotal))
        }
    }

    @Test func theCallbackIsInTheOpenAPIDocument() async throws {
        try await PaymentAPIFixture.with { f in
            let paths = f.app.operations.map { "\($0.method.rawValue) \($0.path)" }
            for route in ["POST /v1/orders/{id}/payments", "POST /v1/payment-callbacks/wechatpay", "POST /v1/orders/{id}/refunds",
                          "GET /v1/payment-anomalies", "POST /v1/sandbox/orders/{id}/pay"] {
                #expect(paths.contains(route))
            }
        }
    }
}
