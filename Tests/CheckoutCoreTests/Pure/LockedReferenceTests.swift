@testable import CheckoutCore
import Foundation
import CheckoutThreads
import Testing

/// Hooks kept in a `LockedReference` run at the same stack depth however often they are read;
/// kept in a `Locked<Closure?>` each read wrapped them one level deeper (Swift 6.3).
@Suite struct LockedReferenceTests {
    /// The call-stack depth the hook saw on its first and on its last call.
    final class DepthProbe: Sendable {
        let depths = Locked<[Int]>([])
        func record() { depths.withLock { $0.append(Thread.callStackReturnAddresses.count) } }
        var firstAndLast: (Int, Int) { depths.withLock { ($0.first ?? 0, $0.last ?? 0) } }
    }

    static let order = Order(id: "ord_1", shopID: "shop_1", userID: "usr_1", status: .pendingPayment,
                             items: [OrderItem(productID: "prod_1", title: "Tea", unitPrice: 100, quantity: 1, lineTotal: 100)],
                             amountTotal: 100, currency: .cny,
                             shipping: Shipping(name: "Li", phone: "13800000000", address: "1 Road"),
                             createdAt: Timestamp(seconds: 0), expiresAt: Timestamp(seconds: 900))

    @Test func afterPlaceHook_RunsAtTheSameDepth_AfterThousandsOfOrders() {
        let probe = DepthProbe()
        let hooks = OrderHooks()
        hooks.setAfterPlace { _ in probe.record() }
        for _ in 0..<3_000 { hooks.afterPlace(Self.order) }
        let (first, last) = probe.firstAndLast
        #expect(first > 0 && last == first, "the hook ran \(last - first) frames deeper after 3,000 orders")
    }

    @Test func expiryAndCancelHooks_RunAtTheSameDepth_AfterThousandsOfPasses() async throws {
        let expiry = DepthProbe(), cancel = DepthProbe()
        let hooks = OrderHooks()
        hooks.setBeforeExpiry { _ in expiry.record() }
        hooks.setBeforeCancel { _ in cancel.record() }
        for second in 0..<2_000 {
            await hooks.beforeExpiry(Timestamp(seconds: Int64(second)))
            try await hooks.beforeCancel("ord_1")
        }
        // Nothing suspends, but allow the executor a few frames of slack (the old chain was
        // thousands of frames deep; the count is capped at 128 frames).
        #expect(expiry.firstAndLast.1 <= expiry.firstAndLast.0 + 8)
        #expect(cancel.firstAndLast.1 <= cancel.firstAndLast.0 + 8)
    }

    @Test func value_IsWhatWasSetLast_AndNilWhenUnset() {
        let reference = LockedReference<(a: Int, b: String)>()
        #expect(reference.value == nil)
        reference.set((1, "one"))
        reference.set((2, "two"))
        #expect(reference.value?.a == 2 && reference.value?.b == "two")
        reference.set(nil)
        #expect(reference.value == nil)
        #expect(LockedReference(5).value == 5)
    }
}
