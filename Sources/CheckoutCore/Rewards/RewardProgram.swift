/// A shop's sharer-reward program (docs/API.md "Sharer rewards"): `{enabled, rate_bps, freeze_days}`.
///
/// Defaults `{false, 0, 7}`. The rate is in basis points of what was paid, at most 3,000 (30 %,
/// the usual profit-sharing cap); `freeze_days` (0–30) is the refund window after fulfilment.
public struct RewardProgram: Hashable, Sendable, Codable {
    /// The highest rate a shop or product may set: 30 %.
    public static let maximumRateBps = 3000
    /// The longest refund window.
    public static let maximumFreezeDays = 30

    public var enabled: Bool
    public var rateBps: Int
    public var freezeDays: Int

    public init(enabled: Bool = false, rateBps: Int = 0, freezeDays: Int = 7) {
        self.enabled = enabled
        self.rateBps = rateBps
        self.freezeDays = freezeDays
    }

    /// The program of a shop that never set one.
    public static let defaults = RewardProgram()

    /// The refund window in seconds.
    public var freezeSeconds: Int64 { Int64(freezeDays) * 86_400 }

    enum CodingKeys: String, CodingKey {
        case enabled
        case rateBps = "rate_bps"
        case freezeDays = "freeze_days"
    }

    /// Checks a rate in basis points; failures are `invalid_request` naming `param`.
    public static func validateRate(_ bps: Int, param: String) throws(CheckoutError) -> Int {
        guard (0...maximumRateBps).contains(bps) else {
            throw .invalidRequest("\(param) must be between 0 and \(maximumRateBps) basis points (30 %).", param: param)
        }
        return bps
    }

    /// This program with `update` applied and checked.
    public func applying(_ update: RewardProgramUpdate) throws(CheckoutError) -> RewardProgram {
        var next = self
        if let enabled = update.enabled { next.enabled = enabled }
        if let rate = update.rateBps { next.rateBps = try Self.validateRate(rate, param: "rate_bps") }
        if let days = update.freezeDays {
            guard (0...Self.maximumFreezeDays).contains(days) else {
                throw .invalidRequest("freeze_days must be between 0 and \(Self.maximumFreezeDays).", param: "freeze_days")
            }
            next.freezeDays = days
        }
        return next
    }
}

/// `PUT /v1/rewards` body: any of `enabled`, `rate_bps`, `freeze_days`; an absent field keeps
/// its current value.
public struct RewardProgramUpdate: Hashable, Sendable, Codable {
    public var enabled: Bool?
    public var rateBps: Int?
    public var freezeDays: Int?

    public init(enabled: Bool? = nil, rateBps: Int? = nil, freezeDays: Int? = nil) {
        self.enabled = enabled
        self.rateBps = rateBps
        self.freezeDays = freezeDays
    }

    enum CodingKeys: String, CodingKey {
        case enabled
        case rateBps = "rate_bps"
        case freezeDays = "freeze_days"
    }
}
