import CheckoutCore
import CheckoutCrypto
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

/// Profit sharing against the fake platform, which checks our signatures and answers
/// PROCESSING then SUCCESS, closes splits, fails, or is down.
@Suite struct ProfitSharingTests {
    /// A provider, and an order of 10,000 fen paid at the platform.
    func paidOrder(_ f: ClientFixture, id: String = "ord_ps_1") async throws -> (WeChatPayProvider, String) {
        let provider = WeChatPayProvider(client: f.client)
        let order = ClientFixture.order(id: id, total: 10_000)
        _ = try await provider.prepay(PrepayRequest(order: order, payerOpenID: "o-buyer", notifyURL: "https://x/cb",
                                                    profitSharing: true))
        let sent = try #require(f.platform.received.last?.json)
        #expect((sent["settle_info"] as? [String: Any])?["profit_sharing"] as? Bool == true)
        return (provider, try #require(f.platform.pay(order.id).transactionID))
    }

    func split(_ tx: String, _ no: String = "cm_1", amount: Int64 = 1000) -> ProfitSharingSplit {
        ProfitSharingSplit(transactionID: tx, outOrderNo: no, receiverOpenID: "o-sharer", amount: amount, description: "分享佣金")
    }

    @Test func aSplitRunsThenSucceedsAndARepeatNeverSplitsTwice() async throws {
        let f = try ClientFixture()
        let (provider, tx) = try await paidOrder(f)
        try await provider.addReceiver(openID: "o-sharer")
        #expect(f.platform.receivers == ["o-sharer"])
        #expect(f.platform.received.last?.json["relation_type"] as? String == "DISTRIBUTOR")
        #expect(try await provider.split(split(tx)).state == .processing)
        #expect(try await provider.split(split(tx)).state == .processing)
        #expect(try await provider.querySplit(outOrderNo: "cm_1", transactionID: tx)?.state == .processing)
        #expect(try await provider.querySplit(outOrderNo: "cm_1", transactionID: tx)?.state == .succeeded)
        #expect(try await provider.split(split(tx)).state == .succeeded)
        #expect(f.platform.splits.count == 1)
        #expect(f.platform.splits["cm_1"]?.receivers?.first?.amount == 1000)
        #expect(f.platform.received.filter { !$0.authorized }.isEmpty)
        let sent = try #require(f.platform.received.first { $0.target == "/v3/profitsharing/orders" }?.json)
        #expect(sent["unfreeze_unsplit"] as? Bool == false)
        #expect(sent["transaction_id"] as? String == tx)
    }

    @Test func aClosedSplitFailsWithItsReason() async throws {
        let f = try ClientFixture()
        let (provider, tx) = try await paidOrder(f)
        try await provider.addReceiver(openID: "o-sharer")
        f.platform.setSplitOutcome(.close(reason: "ACCOUNT_ABNORMAL"))
        _ = try await provider.split(split(tx))
        #expect(try await provider.querySplit(outOrderNo: "cm_1", transactionID: tx)?.state == .failed(reason: "ACCOUNT_ABNORMAL"))
    }

    @Test func refusalsCarryWeChatCodes() async throws {
        let f = try ClientFixture()
        let (provider, tx) = try await paidOrder(f)
        do {
            _ = try await provider.split(split(tx))
            Issue.record("a receiver never added must be refused")
        } catch let error as PaymentProviderError {
            #expect(error.code == "RECEIVER_INVALID")
        }
        try await provider.addReceiver(openID: "o-sharer")
        do {
            _ = try await provider.split(split(tx, amount: 10_001))
            Issue.record("a split beyond the paid amount must be refused")
        } catch let error as PaymentProviderError {
            #expect(error.code == "NOT_ENOUGH")
        }
        #expect(try await provider.querySplit(outOrderNo: "cm_unknown", transactionID: tx) == nil)
    }

    @Test func theRestIsReleasedOnce() async throws {
        let f = try ClientFixture()
        let (provider, tx) = try await paidOrder(f)
        #expect(try await provider.releaseRest(transactionID: tx, outOrderNo: "ord_ps_1-release").state == .succeeded)
        #expect(try await provider.releaseRest(transactionID: tx, outOrderNo: "ord_ps_1-release").state == .succeeded)
        #expect(f.platform.splits.count == 1)
        #expect(f.platform.received.last?.json["description"] as? String == "解冻剩余资金")
    }

    @Test func aFailingOrDownPlatformIsAProviderError() async throws {
        let f = try ClientFixture()
        let (provider, tx) = try await paidOrder(f)
        f.platform.setMode(.failing(status: 500, code: "SYSTEM_ERROR"))
        do {
            _ = try await provider.split(split(tx))
            Issue.record("expected an error")
        } catch let error as PaymentProviderError {
            #expect(error.code == "SYSTEM_ERROR")
        }
        f.platform.setMode(.down)
        do {
            _ = try await provider.querySplit(outOrderNo: "cm_1", transactionID: tx)
            Issue.record("expected an error")
        } catch let error as PaymentProviderError {
            #expect(error.kind == .unreachable)
        }
    }

    /// Every profit-sharing answer is verified like the payment calls': signed with a key other
    /// than the platform's, it is not believed, whatever the platform did.
    @Test func answersSignedWithAnotherKeyAreNotBelievedForAnyCall() async throws {
        let f = try ClientFixture(platformKey: try RSAPrivateKey.generate().publicKey)
        let provider = WeChatPayProvider(client: f.client)
        let order = ClientFixture.order(id: "ord_ps_forged", total: 10_000)
        _ = try? await provider.prepay(PrepayRequest(order: order, payerOpenID: "o-buyer", notifyURL: "https://x/cb",
                                                     profitSharing: true))
        let tx = try #require(f.platform.pay(order.id).transactionID)
        let calls: [(String, @Sendable () async throws -> Void)] = [
            ("receiver", { try await provider.addReceiver(openID: "o-sharer") }),
            ("split", { _ = try await provider.split(ProfitSharingSplit(transactionID: tx, outOrderNo: "cm_1", receiverOpenID: "o-sharer",
                                                                        amount: 1000, description: "分享佣金")) }),
            ("query", { _ = try await provider.querySplit(outOrderNo: "cm_1", transactionID: tx) }),
            ("release", { _ = try await provider.releaseRest(transactionID: tx, outOrderNo: "ord_ps_forged-release") }),
        ]
        for (name, call) in calls {
            do {
                try await call()
                Issue.record("\(name): an answer with a foreign signature was believed")
            } catch let error as PaymentProviderError {
                #expect(error.kind == .invalidResponse, "\(name): \(error)")
            }
        }
        #expect(f.platform.splits["cm_1"] != nil, "the platform did split: only its answer was refused")
        #expect(f.platform.received.allSatisfy { $0.authorized })
    }
}
