/// A sharer's balance by bucket, the sum of their ledger entries:
/// `{pending, frozen, available, paid_out, adjustments, total}`, `total` being their sum.
public struct CommissionBalance: Hashable, Sendable, Codable {
    public var pending: Int64 = 0
    public var frozen: Int64 = 0
    public var available: Int64 = 0
    public var paidOut: Int64 = 0
    public var adjustments: Int64 = 0

    public init(pending: Int64 = 0, frozen: Int64 = 0, available: Int64 = 0, paidOut: Int64 = 0, adjustments: Int64 = 0) {
        self.pending = pending
        self.frozen = frozen
        self.available = available
        self.paidOut = paidOut
        self.adjustments = adjustments
    }

    /// The balance of `entries`.
    public init(entries: some Sequence<CommissionEntry>) {
        for entry in entries { self[entry.bucket] += entry.amount }
    }

    /// pending + frozen + available + paid_out + adjustments.
    public var total: Int64 { pending + frozen + available + paidOut + adjustments }

    public subscript(bucket: CommissionBucket) -> Int64 {
        get {
            switch bucket {
            case .pending: pending
            case .frozen: frozen
            case .available: available
            case .paidOut: paidOut
            case .adjustments: adjustments
            }
        }
        set {
            switch bucket {
            case .pending: pending = newValue
            case .frozen: frozen = newValue
            case .available: available = newValue
            case .paidOut: paidOut = newValue
            case .adjustments: adjustments = newValue
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case pending, frozen, available, adjustments, total
        case paidOut = "paid_out"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pending, forKey: .pending)
        try c.encode(frozen, forKey: .frozen)
        try c.encode(available, forKey: .available)
        try c.encode(paidOut, forKey: .paidOut)
        try c.encode(adjustments, forKey: .adjustments)
        try c.encode(total, forKey: .total)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pending = try c.decode(Int64.self, forKey: .pending)
        frozen = try c.decode(Int64.self, forKey: .frozen)
        available = try c.decode(Int64.self, forKey: .available)
        paidOut = try c.decode(Int64.self, forKey: .paidOut)
        adjustments = try c.decode(Int64.self, forKey: .adjustments)
    }
}
