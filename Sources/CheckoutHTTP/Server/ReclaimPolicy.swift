/// When an event loop closes idle connections to make room for new ones, and how many at
/// once: what nginx does in `ngx_drain_connections` when its free connections fall below a
/// sixteenth, or accept fails with EMFILE/ENFILE.
///
/// Only connections between requests are closed: never one with a request being read, a
/// response being produced or written, or a live event stream (`verdict`). The longest idle
/// go first, a bounded number per accept round, so a burst of new connections does not empty
/// a loop of its keep-alive clients in one step.
struct ReclaimPolicy: Sendable {
    /// The connections the server can hold: its ceiling, or what the descriptors allow when
    /// that is lower.
    let capacity: Int

    /// Open connections from which every accept round first closes idle ones: all but a
    /// sixteenth of `capacity` (nginx's threshold), so accept keeps some headroom.
    var highWater: Int { capacity - max(1, capacity / 16) }

    /// Connections to close in one go: an eighth of the loop's `filed` ones, 1–32 (nginx's bound).
    static func batch(filed: Int) -> Int { max(1, min(32, filed / 8)) }

    /// How many idle connections to close before accepting, with `open` connections open
    /// across loops and `filed` in this loop's list: a batch past the high water mark or when
    /// accept met EMFILE/ENFILE, else none.
    func reclaimCount(open: Int, filed: Int, outOfDescriptors: Bool) -> Int {
        guard filed > 0, outOfDescriptors || open >= highWater else { return 0 }
        return min(filed, Self.batch(filed: filed))
    }
}

extension ReclaimPolicy {
    /// What a filed connection is doing when it is looked at.
    enum State: Equatable {
        /// A request, a response, a stream or a TLS handshake is in progress, or it is closing.
        case busy
        /// Between requests (or before the first) since then.
        case idle(since: Int64)
    }

    enum Verdict: Equatable {
        /// Idle since it was filed: close it (unless a request has just arrived on it).
        case close
        /// File it again at the newest end, as idle since then.
        case file(since: Int64)
    }

    /// The verdict on the oldest filed entry: a connection idle ever since it was filed is
    /// closed; one that worked since is filed again as idle since it last became idle; a busy
    /// one is filed again as of `now` (looked at again once the others have been).
    static func verdict(filed: IdleConnections.Entry, state: State, now: Int64) -> Verdict {
        switch state {
        case .busy: .file(since: now)
        case .idle(let since) where since == filed.since: .close
        case .idle(let since): .file(since: since)
        }
    }
}
