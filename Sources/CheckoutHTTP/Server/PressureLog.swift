/// What running out of connections cost one loop since its last warning, and when the next
/// warning is due: at most one a second, so a flood writes a line a second with counts
/// instead of a line per connection (a line per shed connection once wrote 46 million lines
/// in 90 s).
struct PressureLog {
    struct Report: Equatable {
        /// New connections closed unaccepted (out of descriptors) or at once (past the ceiling).
        let refused: Int
        /// Idle keep-alive connections closed to make room.
        let reclaimed: Int
        /// Accept failed with EMFILE/ENFILE at least once.
        let outOfDescriptors: Bool
    }

    private var refused = 0
    private var reclaimed = 0
    private var outOfDescriptors = false
    private var lastReport: Int64 = .min / 2

    /// Counts `refused` and `reclaimed` connections (and an EMFILE/ENFILE) at `now`
    /// (milliseconds); returns what to log, and starts counting afresh, when something
    /// happened and a second has passed since the last report.
    mutating func record(refused: Int = 0, reclaimed: Int = 0, outOfDescriptors: Bool = false, now: Int64) -> Report? {
        self.refused += refused
        self.reclaimed += reclaimed
        self.outOfDescriptors = self.outOfDescriptors || outOfDescriptors
        guard now - lastReport >= 1_000, self.refused + self.reclaimed > 0 || self.outOfDescriptors else { return nil }
        lastReport = now
        defer { (self.refused, self.reclaimed, self.outOfDescriptors) = (0, 0, false) }
        return Report(refused: self.refused, reclaimed: self.reclaimed, outOfDescriptors: self.outOfDescriptors)
    }
}
