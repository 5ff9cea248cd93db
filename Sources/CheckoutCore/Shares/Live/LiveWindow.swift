/// A shop's counters over the last 60 seconds: one slot per second, reused as time goes round.
public struct LiveWindow: Hashable, Sendable {
    public static let seconds: Int64 = 60

    private var slotSeconds = [Int64](repeating: .min, count: Int(LiveWindow.seconds))
    private var slots = [ShareCounters](repeating: ShareCounters(), count: Int(LiveWindow.seconds))
    /// The latest second anything was recorded in.
    public private(set) var lastSecond: Int64 = .min

    public init() {}

    /// Adds `counters` at `time`; anything older than the window is ignored.
    public mutating func record(_ counters: ShareCounters, at time: Timestamp) {
        let second = time.seconds
        guard second > max(lastSecond, second) - Self.seconds else { return }
        let index = Int(((second % Self.seconds) + Self.seconds) % Self.seconds)
        if slotSeconds[index] != second {
            slotSeconds[index] = second
            slots[index] = ShareCounters()
        }
        slots[index] += counters
        lastSecond = max(lastSecond, second)
    }

    /// The sum over the 60 seconds up to and including `now`.
    public func total(at now: Timestamp) -> ShareCounters {
        let second = now.seconds
        var sum = ShareCounters()
        for (index, slotSecond) in slotSeconds.enumerated() where slotSecond <= second && slotSecond > second - Self.seconds {
            sum += slots[index]
        }
        return sum
    }

    /// Whether nothing was recorded in the window ending at `now`.
    public func isIdle(at now: Timestamp) -> Bool {
        lastSecond <= now.seconds - Self.seconds
    }
}
