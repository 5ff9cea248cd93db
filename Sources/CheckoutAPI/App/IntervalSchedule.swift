import CheckoutCore

/// When periodic work is due, by the clock rather than by counting ticks: due at the first
/// check, then again once `intervalSeconds` have passed since the last run.
struct IntervalSchedule: Sendable {
    let intervalSeconds: Int64
    private(set) var lastRun: Timestamp?

    init(intervalSeconds: Int64) {
        self.intervalSeconds = intervalSeconds
    }

    /// Whether the work is due at `now`; when it is, `now` becomes the last run.
    mutating func isDue(at now: Timestamp) -> Bool {
        if let lastRun, now.milliseconds - lastRun.milliseconds < intervalSeconds * 1000 { return false }
        lastRun = now
        return true
    }
}
