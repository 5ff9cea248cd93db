/// An amount of money: integer minor units (fen for CNY) in one currency. Never a float.
///
/// Arithmetic is overflow-checked and refuses to mix currencies; both fail with
/// `invalid_request`, since only a request's numbers can make them happen.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let amount: Int64
    public let currency: Currency

    public init(_ amount: Int64, _ currency: Currency) {
        self.amount = amount
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(0, currency) }

    public var description: String { "\(amount) \(currency.code)" }

    /// `self + other`, same currency only.
    public func adding(_ other: Money, param: String? = nil) throws(CheckoutError) -> Money {
        guard other.currency == currency else {
            throw .invalidRequest("Cannot add \(other.currency) to \(currency).", param: param)
        }
        let (sum, overflow) = amount.addingReportingOverflow(other.amount)
        guard !overflow else { throw .invalidRequest("The amount is too large.", param: param) }
        return Money(sum, currency)
    }

    /// `self - other`, same currency only.
    public func subtracting(_ other: Money, param: String? = nil) throws(CheckoutError) -> Money {
        guard other.currency == currency else {
            throw .invalidRequest("Cannot subtract \(other.currency) from \(currency).", param: param)
        }
        let (difference, overflow) = amount.subtractingReportingOverflow(other.amount)
        guard !overflow else { throw .invalidRequest("The amount is too large.", param: param) }
        return Money(difference, currency)
    }

    /// `self × quantity`.
    public func multiplied(by quantity: Int64, param: String? = nil) throws(CheckoutError) -> Money {
        let (product, overflow) = amount.multipliedReportingOverflow(by: quantity)
        guard !overflow else { throw .invalidRequest("The amount is too large.", param: param) }
        return Money(product, currency)
    }
}
