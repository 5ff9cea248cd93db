/// When an event loop closes idle connections to make room for new ones, and how many at
/// once: what nginx does in `ngx_drain_connections` when its free connections fall below a
/// sixteenth, or accept fails with EMFILE/ENFILE.
///
/// Only connections between requests are candidates (`IdleConnections`): never one with a
/// request being read, a response being produced or written, or a live event stream. The
/// oldest go first, a bounded number per accept round, so a burst of new connections does
/// not empty a loop of its keep-alive clients in one step.
struct ReclaimPolicy: Sendable {
    /// The connections the server can hold: its ceiling, or what the descriptors allow when
    /// that is lower.
    let capacity: Int

    /// Open connections from which every accept round first closes idle ones: all but a
    /// sixteenth of `capacity` (nginx's threshold), so accept keeps some headroom.
    var highWater: Int { capacity - max(1, capacity / 16) }

    /// Idle connections to close in one go: an eighth of this loop's idle ones, 1–32 (nginx's bound).
    static func batch(idle: Int) -> Int { max(1, min(32, idle / 8)) }

    /// How many of `idle` idle connections to close before accepting, with `open` connections
    /// open across loops: a batch past the high water mark or when accept met EMFILE/ENFILE,
    /// else none.
    func reclaimCount(open: Int, idle: Int, outOfDescriptors: Bool) -> Int {
        guard idle > 0, outOfDescriptors || open >= highWater else { return 0 }
        return min(idle, Self.batch(idle: idle))
    }
}
