import CheckoutCore
import CheckoutThreads

/// Live sessions read before, by token hash, so a request's bearer check skips the read pool
/// and the join (one SQLite process serves the file, so every change passes through here).
///
/// Exact, not a time-to-live: a session row changes only when it is revoked (`evict` before the
/// revoking job runs and again after its COMMIT) or purged after it ended; an entry is used only
/// while its `expires_at` is ahead. A read that raced a revocation is not kept: `evict` bumps the
/// generation, and `keep` only stores what was read under the generation it started with.
final class SessionCache: Sendable {
    private struct State {
        var sessions: [String: ShopperSession] = [:]
        var generation: UInt64 = 0
    }

    private let state = Locked(State())
    /// Entries kept at most; the cache starts over when full.
    static let capacity = 100_000

    /// The cached live session of `tokenHash` at `now`, and the generation to hand to `keep`.
    func lookup(_ tokenHash: String, now: Timestamp) -> (session: ShopperSession?, generation: UInt64) {
        state.withLock { state in
            let session = state.sessions[tokenHash].flatMap { $0.expiresAt > now ? $0 : nil }
            return (session, state.generation)
        }
    }

    /// Keeps `session`, read from the database after `lookup` answered `generation`.
    func keep(_ session: ShopperSession, readAt generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.sessions.count >= Self.capacity { state.sessions = [:] }
            state.sessions[session.tokenHash] = session
        }
    }

    /// Forgets `tokenHash` (its session is being revoked).
    func evict(_ tokenHash: String) {
        state.withLock { state in
            state.generation &+= 1
            state.sessions[tokenHash] = nil
        }
    }
}
