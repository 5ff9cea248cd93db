import CheckoutCore
import CheckoutCrypto
import CheckoutHTTPTypes
import CheckoutThreads
import CheckoutWeChat
import Foundation
import Testing

@Suite struct SandboxProviderTests {
    func withFolder(_ body: (String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbx-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await body(folder + "/sandbox")
    }

    @Test func keysAreMadeOnceAndKeptInTheDataFolder() async throws {
        try await withFolder { folder in
            let first = try SandboxKeys.loadOrCreate(directory: folder)
            let second = try SandboxKeys.loadOrCreate(directory: folder)
            #expect(first.platformSerial == second.platformSerial)
            #expect(first.apiV3Key == second.apiV3Key)
            #expect(first.apiV3Key.utf8.count == 32)
            #expect(first.merchantKey.publicKeyPEM == second.merchantKey.publicKeyPEM)
            let mode = try FileManager.default.attributesOfItem(atPath: folder + "/platform_key.pem")[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func aSandboxPaymentIsARealSignedEncryptedNotificationOurReaderAccepts() async throws {
        try await withFolder { folder in
            let sandbox = try SandboxPaymentProvider(keys: SandboxKeys.loadOrCreate(directory: folder))
            let reader = WeChatPayNotificationReader(authorities: [try sandbox.notificationAuthority])
            let order = ClientFixture.order(id: "ord_sandbox_1", total: 4200)
            let result = try await sandbox.prepay(PrepayRequest(order: order, payerOpenID: "o", notifyURL: "https://x"))
            #expect((result.payParameters.package ?? "").hasPrefix("prepay_id=sbx_prepay_"))
            let message = try sandbox.pay(order, payerOpenID: "o")
            #expect(message.headers[WeChatPayHeader.serial] == sandbox.keys.platformSerial)
            let notification = try reader.read(headers: message.headers, body: message.body)
            #expect(notification.provider == "sandbox")
            guard case .transaction(let tx) = notification.event else {
                Issue.record("expected a transaction")
                return
            }
            #expect(tx.outTradeNo == order.id)
            #expect(tx.amount == 4200)
            #expect(tx.state == .paid)
            #expect(tx.isForThisMerchant)
            #expect(try await sandbox.query(outTradeNo: order.id)?.state == .paid)
            await #expect(throws: PaymentProviderError.self) { try await sandbox.close(outTradeNo: order.id) }
        }
    }

    @Test func aSandboxRefundIsSettledByARefundNotification() async throws {
        try await withFolder { folder in
            let sandbox = try SandboxPaymentProvider(keys: SandboxKeys.loadOrCreate(directory: folder))
            let reader = WeChatPayNotificationReader(authorities: [try sandbox.notificationAuthority])
            let received = ReceivedNotifications()
            sandbox.setDelivery { message in
                if let notification = try? reader.read(headers: message.headers, body: message.body) {
                    received.append(notification)
                }
            }
            let answer = try await sandbox.refund(RefundSubmission(
                refundID: "re_sbx", orderID: "ord_sbx", transactionID: "sbx_tx", amount: 100, paidAmount: 300,
                currency: .cny, reason: nil, notifyURL: "https://x"))
            #expect(answer.state == .processing)
            await sandbox.waitForDeliveries()
            guard case .refund(let refund)? = received.all.first?.event else {
                Issue.record("expected a refund notification")
                return
            }
            #expect(refund.outRefundNo == "re_sbx")
            #expect(refund.state == .succeeded)
            #expect(refund.amount == 100)
        }
    }
}

final class ReceivedNotifications: @unchecked Sendable {
    private let lock = NSLock()
    private var items = [PaymentNotification]()
    func append(_ n: PaymentNotification) { lock.withLock { items.append(n) } }
    var all: [PaymentNotification] { lock.withLock { items } }
}
