/// The commission state machine as a value type: each event changes the commission and returns
/// the ledger entries that record the change, so storage only persists what it is given and
/// tests need no I/O. Every method keeps Σ entries of the commission == `amount`.
extension Commission {
    /// What a payment of a credited order needs to earn a commission.
    public struct Earning: Sendable {
        public var id: String
        public var order: Order
        /// The credited sharer (nil: the order is not credited).
        public var sharer: String?
        public var program: RewardProgram
        /// `commission_bps` of the order's products that have one.
        public var productRates: [String: Int]
        public var paidAmount: Int64
        public var now: Timestamp

        public init(id: String, order: Order, sharer: String?, program: RewardProgram, productRates: [String: Int],
                    paidAmount: Int64, now: Timestamp) {
            self.id = id
            self.order = order
            self.sharer = sharer
            self.program = program
            self.productRates = productRates
            self.paidAmount = paidAmount
            self.now = now
        }
    }

    /// The commission a payment earns, `pending`, with its first entry; nil when it earns none
    /// (program off, not credited, the sharer is the buyer, or the amount rounds to 0).
    public static func earn(_ e: Earning) -> (Commission, [CommissionEntry])? {
        guard e.program.enabled, let sharer = e.sharer, sharer != e.order.userID,
              let terms = CommissionTerms(order: e.order, productRates: e.productRates, shopRate: e.program.rateBps)
        else { return nil }
        let amount = terms.amount(base: e.paidAmount)
        guard amount > 0 else { return nil }
        let commission = Commission(
            id: e.id, shopID: e.order.shopID, orderID: e.order.id, sharer: sharer, shareCode: e.order.shareCode,
            currency: e.order.currency, terms: terms, paidAmount: e.paidAmount, base: e.paidAmount, amount: amount,
            status: .pending, createdAt: e.now, updatedAt: e.now)
        return (commission, [commission.entry(.pending, amount, .earned, e.now)])
    }

    /// Fulfilment: `pending` → `frozen` until `at` + `freezeSeconds`, then `available` at once
    /// when that is already past `now`. Anything else is left as it is.
    public mutating func fulfil(at: Timestamp, freezeSeconds: Int64, now: Timestamp) -> [CommissionEntry] {
        guard status == .pending else { return [] }
        availableAt = at.adding(seconds: freezeSeconds)
        var entries = move(to: .frozen, .fulfilled, now)
        entries += release(now: now)
        return entries
    }

    /// The freeze ended: `frozen` → `available` once `now` ≥ `available_at`.
    public mutating func release(now: Timestamp) -> [CommissionEntry] {
        guard status == .frozen, let availableAt, now >= availableAt else { return [] }
        return move(to: .available, .released, now)
    }

    /// Refunds changed the base: the amount is recomputed. Before payout the difference moves
    /// in the current bucket (base 0 cancels, unless a split is running); after payout it is an
    /// adjustment entry. A base
    /// restored by a failed refund revives a cancelled commission.
    public mutating func rebase(_ newBase: Int64, now: Timestamp) -> [CommissionEntry] {
        let base = max(0, min(newBase, paidAmount))
        let newAmount = terms.amount(base: base)
        let difference = newAmount - amount
        self.base = base
        updatedAt = now
        var entries: [CommissionEntry] = []
        switch status {
        case .paidOut:
            if difference != 0 {
                adjustment += difference
                entries.append(entry(.adjustments, difference, .rebased, now))
            }
            amount = newAmount
        case .pending, .frozen, .available:
            if difference != 0, let bucket = status.bucket { entries.append(entry(bucket, difference, .rebased, now)) }
            amount = newAmount
            // A split already requested may still pay: it settles, and the difference is an adjustment.
            if base == 0, payout?.state != .processing { status = .cancelled }
        case .cancelled:
            guard base > 0, newAmount > 0 else { return entries }
            let revived: CommissionBucket = availableAt == nil ? .pending : .frozen
            status = revived == .pending ? .pending : .frozen
            amount = newAmount
            entries.append(entry(revived, newAmount, .rebased, now))
            entries += release(now: now)
        }
        return entries
    }

    /// The split of `payout.amount` succeeded: `available` → `paid_out`. What the split did not
    /// pay (netted adjustments, or a refund that arrived while it ran) goes to adjustments, so
    /// `paid_out` is exactly the money that moved.
    public mutating func settlePayout(split: Int64, at: Timestamp) -> [CommissionEntry] {
        guard status == .available else { return [] }
        var entries = [entry(.available, -amount, .paidOut, at), entry(.paidOut, split, .paidOut, at)]
        if amount != split { entries.append(entry(.adjustments, amount - split, .netted, at)) }
        status = .paidOut
        paidOutAt = at
        updatedAt = at
        return entries.filter { $0.amount != 0 }
    }

    private mutating func move(to next: CommissionStatus, _ reason: CommissionEntry.Reason,
                               _ now: Timestamp) -> [CommissionEntry] {
        guard let from = status.bucket, let to = next.bucket else { return [] }
        status = next
        updatedAt = now
        guard amount != 0 else { return [] }
        return [entry(from, -amount, reason, now), entry(to, amount, reason, now)]
    }

    private func entry(_ bucket: CommissionBucket, _ amount: Int64, _ reason: CommissionEntry.Reason,
                       _ now: Timestamp) -> CommissionEntry {
        CommissionEntry(commissionID: id, sharer: sharer, bucket: bucket, amount: amount, reason: reason, createdAt: now)
    }
}
