/// A line of an order, snapshotted when the order was placed:
/// `{product_id, title, unit_price, quantity, line_total}`.
public struct OrderItem: Hashable, Sendable, Codable {
    public var productID: String
    public var title: String
    public var unitPrice: Int64
    public var quantity: Int
    public var lineTotal: Int64

    public init(productID: String, title: String, unitPrice: Int64, quantity: Int, lineTotal: Int64) {
        self.productID = productID
        self.title = title
        self.unitPrice = unitPrice
        self.quantity = quantity
        self.lineTotal = lineTotal
    }

    enum CodingKeys: String, CodingKey {
        case title, quantity
        case productID = "product_id"
        case unitPrice = "unit_price"
        case lineTotal = "line_total"
    }
}

/// How an order was shipped: `{carrier, tracking_number}`.
public struct Fulfillment: Hashable, Sendable, Codable {
    public var carrier: String
    public var trackingNumber: String

    public init(carrier: String, trackingNumber: String) {
        self.carrier = carrier
        self.trackingNumber = trackingNumber
    }

    enum CodingKeys: String, CodingKey {
        case carrier
        case trackingNumber = "tracking_number"
    }

    /// Trimmed and checked; failures name `carrier` / `tracking_number`.
    public func validated() throws(CheckoutError) -> Fulfillment {
        Fulfillment(carrier: try Validate.text(carrier, param: "carrier", maxLength: 100),
                    trackingNumber: try Validate.text(trackingNumber, param: "tracking_number", maxLength: 100))
    }
}

/// Why a cancelled order was cancelled.
public enum CancellationReason: String, Hashable, Sendable, Codable {
    /// The shopper cancelled it.
    case requested
    /// It stayed unpaid past `expires_at`.
    case expired
}

/// The payment shown on an order: `{id, provider, transaction_id}` (filled by the payments layer).
public struct OrderPaymentSummary: Hashable, Sendable, Codable {
    public var id: String
    public var provider: String
    public var transactionID: String?

    public init(id: String, provider: String, transactionID: String?) {
        self.id = id
        self.provider = provider
        self.transactionID = transactionID
    }

    enum CodingKeys: String, CodingKey {
        case id, provider
        case transactionID = "transaction_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(provider, forKey: .provider)
        try c.encode(transactionID, forKey: .transactionID)
    }
}

/// A refund shown on an order: `{id, amount, status}` (filled by the refunds layer).
public struct OrderRefundSummary: Hashable, Sendable, Codable {
    public var id: String
    public var amount: Int64
    /// `pending`, `succeeded` or `failed`.
    public var status: String

    public init(id: String, amount: Int64, status: String) {
        self.id = id
        self.amount = amount
        self.status = status
    }
}
