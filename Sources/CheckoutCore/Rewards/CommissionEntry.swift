/// One ledger entry: a signed amount moved in one bucket of a sharer's balance, for one
/// commission. Every change to a commission is one or more entries; nothing else moves a balance.
public struct CommissionEntry: Hashable, Sendable, Codable {
    /// Why the entry was made.
    public enum Reason: String, Hashable, Sendable, Codable {
        /// The order was paid: the commission is earned (pending).
        case earned
        /// Fulfilment moved it out of or into a bucket.
        case fulfilled
        /// The freeze ended.
        case released
        /// A refund (or a failed refund) changed the base.
        case rebased
        /// The split succeeded.
        case paidOut = "paid_out"
        /// The split netted the sharer's adjustments.
        case netted
    }

    public var commissionID: String
    public var sharer: String
    public var bucket: CommissionBucket
    /// Minor units; negative takes money out of the bucket.
    public var amount: Int64
    public var reason: Reason
    public var createdAt: Timestamp

    public init(commissionID: String, sharer: String, bucket: CommissionBucket, amount: Int64, reason: Reason,
                createdAt: Timestamp) {
        self.commissionID = commissionID
        self.sharer = sharer
        self.bucket = bucket
        self.amount = amount
        self.reason = reason
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case sharer, bucket, amount, reason
        case commissionID = "commission_id"
        case createdAt = "created_at"
    }
}
