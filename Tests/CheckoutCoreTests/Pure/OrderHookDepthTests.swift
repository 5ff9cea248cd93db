@testable import CheckoutCore
import Synchronization
import Testing

/// A hook kept behind a lock runs one frame below its caller however often it was read.
/// Before `LockedFunction`, a closure held as `Mutex<F?>` (or in a tuple) came back from every
/// `withLock` wrapped in two more thunks: after 1,000 reads the hook ran 64 KB of stack down,
/// and the order hook overflowed a handler thread after about ten thousand orders.
@Suite struct OrderHookDepthTests {
    /// An address in the calling frame.
    @inline(never) static func stackMark() -> Int {
        var mark = 0
        return withUnsafeMutablePointer(to: &mark) { Int(bitPattern: $0) }
    }

    static let order = Order(
        id: "ord_1", shopID: "shop_1", userID: "usr_1", status: .pendingPayment,
        items: [OrderItem(productID: "prod_1", title: "Tea", unitPrice: 100, quantity: 1, lineTotal: 100)],
        amountTotal: 100, currency: .cny, shipping: Shipping(name: "Li", phone: "13800000000", address: "1 Road"),
        scene: 1008, createdAt: Timestamp(seconds: 0), expiresAt: Timestamp(seconds: 900))

    @Test func theAfterPlaceHookStaysOneCallDeepAfterAThousandOrders() {
        let hooks = OrderHooks()
        let deepest = Mutex(0)
        hooks.setAfterPlace { _ in
            let here = Self.stackMark()
            deepest.withLock { $0 = here }
        }
        for _ in 0..<1_000 { hooks.afterPlace(Self.order) }
        let top = Self.stackMark()
        hooks.afterPlace(Self.order)
        let depth = top - deepest.withLock { $0 }
        #expect(depth < 8 * 1024, "the hook ran \(depth) bytes of stack below its caller")
    }

    @Test func aBoxedFunctionInALockedTupleStaysOneCallDeep() {
        let slot = Mutex<(hook: LockedFunction<@Sendable () -> Int>?, reads: Int)>((nil, 0))
        slot.withLock { $0.hook = LockedFunction({ Self.stackMark() }) }
        for _ in 0..<1_000 { _ = slot.withLock { $0.reads += 1; return $0.hook }?.call() }
        let top = Self.stackMark()
        let depth = top - (slot.withLock { $0.hook }?.call() ?? top)
        #expect(depth < 8 * 1024, "the function ran \(depth) bytes of stack below its caller")
    }
}
