/// Where a commission is in its life (docs/API.md "Sharer rewards"):
///
///     pending (paid) → frozen (fulfilled) → available (after freeze_days) → paid_out (split succeeded)
///     pending | frozen | available → cancelled (a refund took its base to 0)
public enum CommissionStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case pending
    case frozen
    case available
    case paidOut = "paid_out"
    case cancelled

    /// The ledger bucket that holds this status's money (cancelled holds none).
    public var bucket: CommissionBucket? {
        switch self {
        case .pending: .pending
        case .frozen: .frozen
        case .available: .available
        case .paidOut: .paidOut
        case .cancelled: nil
        }
    }

    /// Parses a `?status=` filter; an unknown value is `invalid_request` with `param: "status"`.
    public static func parse(_ text: String) throws(CheckoutError) -> CommissionStatus {
        guard let status = CommissionStatus(rawValue: text) else {
            throw .invalidRequest("status must be one of \(allCases.map(\.rawValue).joined(separator: ", ")).",
                                  param: "status")
        }
        return status
    }
}

/// The parts of a sharer's balance; every ledger entry moves money in exactly one.
public enum CommissionBucket: String, Hashable, Sendable, Codable, CaseIterable {
    case pending
    case frozen
    case available
    case paidOut = "paid_out"
    /// Differences found after payout (negative: owed back), and their netting against later payouts.
    case adjustments
}
