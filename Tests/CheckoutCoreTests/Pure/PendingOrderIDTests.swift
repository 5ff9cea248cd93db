import CheckoutThreads
import Testing
@testable import CheckoutCore

/// An order id given, or minted by its generator once, when first read.
@Suite struct PendingOrderIDTests {
    private final class Counter: IDGenerator {
        let calls = Locked(0)
        func makeID(_ kind: IDKind) -> String {
            let n = calls.withLock { calls in
                calls += 1
                return calls
            }
            return "\(kind.prefix)\(n)"
        }
    }

    @Test func aPendingIDIsMintedOnceWhenFirstRead() {
        let ids = Counter()
        let placement = OrderPlacement(
            id: PendingOrderID(mintedBy: ids), shopID: "shop_1", userID: "usr_1", lines: nil,
            shipping: Shipping(name: "Li Lei", phone: "+86 138 0000 0000", address: "1 Nanjing Rd"), shareCode: nil,
            scene: nil, note: nil, createdAt: Timestamp(milliseconds: 0), expiresAt: Timestamp(milliseconds: 0))
        let copy = placement
        #expect(ids.calls.withLock { $0 } == 0, "nothing minted before it is read")
        placement.mintID()
        #expect(placement.id == "ord_1")
        #expect(copy.id == "ord_1", "copies share the one id")
        #expect(ids.calls.withLock { $0 } == 1)
        var renamed = placement
        renamed.id = "ord_given"
        #expect(renamed.id == "ord_given" && placement.id == "ord_1")
        #expect(PendingOrderID("ord_given") == PendingOrderID("ord_given"))
    }
}
