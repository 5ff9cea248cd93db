import CheckoutCore
import CheckoutQQ
import CheckoutTesting
import Foundation
import Testing

@Suite struct QPayNotificationReaderTests {
    @Test func aSignedNotification_ReadsAsATransactionOfOurs() throws {
        let platform = try FakeQPay()
        let reader = QPayNotificationReader(apiKey: platform.apiKey, merchantID: platform.merchantID, appID: platform.appID)
        let body = platform.pay("ord_n_1", amount: 4200)
        let notification = try reader.read(body: body)
        #expect(notification.provider == "qpay" && notification.eventType == "TRANSACTION.SUCCESS")
        #expect(notification.rawBody == body)
        guard case .transaction(let tx) = notification.event else { Issue.record("not a transaction"); return }
        #expect(tx.outTradeNo == "ord_n_1" && tx.amount == 4200 && tx.state == .paid && tx.isForThisMerchant)
        // A repeat carries the same notification id.
        #expect(try reader.read(body: platform.pay("ord_n_1", amount: 4200)).notificationID == notification.notificationID)
    }

    @Test func forgedHostileAndForeignNotifications_AreRefusedOrMarked() throws {
        let platform = try FakeQPay()
        let reader = QPayNotificationReader(apiKey: platform.apiKey, merchantID: platform.merchantID, appID: platform.appID)
        var forged = String(decoding: platform.pay("ord_n_2", amount: 100), as: UTF8.self)
        forged = forged.replacingOccurrences(of: "<total_fee>100</total_fee>", with: "<total_fee>1</total_fee>")
        #expect(throws: QPayNotificationRejection.unverified) { try reader.read(body: Array(forged.utf8)) }
        let laughs = Array(#"<!DOCTYPE x [<!ENTITY a "aaaa">]><xml><sign>&a;</sign></xml>"#.utf8)
        #expect(throws: QPayNotificationRejection.self) { try reader.read(body: laughs) }
        let foreign = try reader.read(body: platform.pay("ord_n_3", amount: 100, merchantID: "1999999999"))
        guard case .transaction(let tx) = foreign.event else { Issue.record("not a transaction"); return }
        #expect(!tx.isForThisMerchant)
    }
}
