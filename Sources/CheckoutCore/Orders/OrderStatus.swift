/// An order's status and the one place its transitions are decided (docs/API.md "Orders"):
///
///     pending_payment → paid → fulfilled → completed
///     pending_payment → cancelled
///     paid | fulfilled → partially_refunded → refunded   (and paid | fulfilled → refunded)
///
/// Anything else is `invalid_state`.
public enum OrderStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case pendingPayment = "pending_payment"
    case paid
    case fulfilled
    case completed
    case cancelled
    case partiallyRefunded = "partially_refunded"
    case refunded

    /// The statuses this one may move to.
    public var allowedNext: Set<OrderStatus> {
        switch self {
        case .pendingPayment: [.paid, .cancelled]
        case .paid: [.fulfilled, .partiallyRefunded, .refunded]
        case .fulfilled: [.completed, .partiallyRefunded, .refunded]
        case .partiallyRefunded: [.partiallyRefunded, .refunded]
        case .completed, .cancelled, .refunded: []
        }
    }

    public func canTransition(to next: OrderStatus) -> Bool {
        allowedNext.contains(next)
    }

    /// Moves to `next`, or throws `invalid_state` naming both statuses.
    public mutating func transition(to next: OrderStatus) throws(CheckoutError) {
        guard canTransition(to: next) else {
            throw .invalidState("The order is \(rawValue) and cannot become \(next.rawValue).")
        }
        self = next
    }

    /// Parses a `?status=` filter; an unknown value is `invalid_request` with `param: "status"`.
    public static func parse(_ text: String) throws(CheckoutError) -> OrderStatus {
        guard let status = OrderStatus(rawValue: text) else {
            throw .invalidRequest("status must be one of \(allCases.map(\.rawValue).joined(separator: ", ")).",
                                  param: "status")
        }
        return status
    }

    /// No further transitions are possible.
    public var isFinal: Bool { allowedNext.isEmpty }
}
