import Testing
@testable import CheckoutCore

@Suite struct OrderStatusTests {
    /// The contract's machine, written out independently of the implementation.
    static let allowed: Set<String> = [
        "pending_payment>paid", "pending_payment>cancelled",
        "paid>fulfilled", "paid>partially_refunded", "paid>refunded",
        "fulfilled>completed", "fulfilled>partially_refunded", "fulfilled>refunded",
        "partially_refunded>partially_refunded", "partially_refunded>refunded",
    ]

    @Test(arguments: OrderStatus.allCases, OrderStatus.allCases)
    func transitionFollowsTheContractMachine(from: OrderStatus, to: OrderStatus) throws {
        var status = from
        if Self.allowed.contains("\(from.rawValue)>\(to.rawValue)") {
            try status.transition(to: to)
            #expect(status == to)
        } else {
            let error = #expect(throws: CheckoutError.self) { try status.transition(to: to) }
            #expect(error?.code == .invalidState)
            #expect(status == from)
        }
    }

    @Test func finalStatusesAreCompletedCancelledAndRefunded() {
        #expect(Set(OrderStatus.allCases.filter(\.isFinal)) == [.completed, .cancelled, .refunded])
    }

    @Test func rawValuesAreTheContractNames() {
        #expect(OrderStatus.allCases.map(\.rawValue) == [
            "pending_payment", "paid", "fulfilled", "completed", "cancelled", "partially_refunded", "refunded",
        ])
    }
}
