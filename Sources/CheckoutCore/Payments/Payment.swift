/// One order's payment at a provider: created with the prepay, settled by a verified
/// notification or a reconciliation query.
public struct Payment: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// A prepay was requested; the shopper may pay.
        case pending
        /// The platform reported the money received.
        case succeeded
        /// Closed at the platform (or never placed there): it can no longer be paid.
        case closed
    }

    public var id: String
    public var orderID: String
    public var provider: String
    public var status: Status
    public var amount: Int64
    public var currency: Currency
    /// The platform's prepay id; nil while the prepay has not been confirmed.
    public var prepayID: String?
    public var transactionID: String?
    public var createdAt: Timestamp
    public var paidAt: Timestamp?

    public init(id: String, orderID: String, provider: String, status: Status, amount: Int64, currency: Currency,
                prepayID: String? = nil, transactionID: String? = nil, createdAt: Timestamp, paidAt: Timestamp? = nil) {
        self.id = id
        self.orderID = orderID
        self.provider = provider
        self.status = status
        self.amount = amount
        self.currency = currency
        self.prepayID = prepayID
        self.transactionID = transactionID
        self.createdAt = createdAt
        self.paidAt = paidAt
    }
}

/// The answer to `POST /v1/orders/{id}/payments`: `{id, order_id, provider, status, pay_params}`.
public struct PaymentCreation: Hashable, Sendable, Encodable {
    public var id: String
    public var orderID: String
    public var provider: String
    public var status: Payment.Status
    public var payParameters: PayParameters

    public init(id: String, orderID: String, provider: String, status: Payment.Status, payParameters: PayParameters) {
        self.id = id
        self.orderID = orderID
        self.provider = provider
        self.status = status
        self.payParameters = payParameters
    }

    enum CodingKeys: String, CodingKey {
        case id, provider, status
        case orderID = "order_id"
        case payParameters = "pay_params"
    }
}
