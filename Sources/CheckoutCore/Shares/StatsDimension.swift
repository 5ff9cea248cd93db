/// What `GET /v1/stats` groups by (`group_by`).
public enum StatsDimension: String, Hashable, Sendable, CaseIterable {
    case channel, scene, sharer, product, hour

    /// - Throws: `invalid_request` (`group_by`) for any other value.
    public static func parse(_ text: String?) throws(CheckoutError) -> StatsDimension {
        guard let text else {
            throw .invalidRequest("group_by is required: one of channel, scene, sharer, product, hour.", param: "group_by")
        }
        guard let value = StatsDimension(rawValue: text) else {
            throw .invalidRequest("group_by must be one of channel, scene, sharer, product, hour.", param: "group_by")
        }
        return value
    }
}

/// One row of `GET /v1/stats`: a key of the dimension (nil for none) and its counters.
public struct StatsRow: Hashable, Sendable {
    public var key: String?
    public var counters: ShareCounters
    /// Sharer commissions earned on the credited orders (the sum of non-cancelled amounts).
    public var commission: Int64

    public init(key: String?, counters: ShareCounters, commission: Int64 = 0) {
        self.key = key
        self.counters = counters
        self.commission = commission
    }
}

/// The keys a counted event is filed under, one per dimension.
public struct StatsKeys: Hashable, Sendable {
    public var channel: ShareChannel
    public var scene: Int?
    public var sharerID: String
    public var productID: String

    public init(channel: ShareChannel, scene: Int?, sharerID: String, productID: String) {
        self.channel = channel
        self.scene = scene
        self.sharerID = sharerID
        self.productID = productID
    }

    /// The key under `dimension`; the hour dimension's key is the event's hour bucket.
    public func key(_ dimension: StatsDimension, hour: Int64) -> String? {
        switch dimension {
        case .channel: channel.rawValue
        case .scene: scene.map(String.init)
        case .sharer: sharerID
        case .product: productID
        case .hour: Timestamp(seconds: hour * 3600).rfc3339
        }
    }
}

/// Hour buckets: counters are rolled up per hour since the epoch (UTC).
public enum StatsHour {
    /// The hour bucket of `time`.
    public static func of(_ time: Timestamp) -> Int64 {
        let seconds = time.seconds
        return seconds >= 0 ? seconds / 3600 : (seconds - 3599) / 3600
    }

    /// Start of the business day holding `time`: midnight in China Standard Time (UTC+8,
    /// no daylight saving), where the chat platforms' merchants are.
    public static func startOfDay(_ time: Timestamp) -> Timestamp {
        let offset: Int64 = 8 * 3600
        let local = time.seconds + offset
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return Timestamp(seconds: day * 86_400 - offset)
    }
}
