import CheckoutCore
import CheckoutThreads

/// The QQ app's access token (`api/getToken`), fetched by the server and cached: refreshed
/// `refreshMargin` seconds before it expires and when QQ calls it invalid, with at most one
/// fetch in flight (callers arriving meanwhile wait for that one). QQ keeps an old token valid
/// for a short overlap after a new one is issued, so calls in flight with the old one finish.
public final class QQAccessTokenCache: Sendable {
    /// A fresh token and its lifetime in seconds.
    public typealias Fetch = @Sendable () async throws -> (token: String, expiresIn: Int64)

    let fetch: Fetch
    let clock: any Clock
    let refreshMargin: Int64
    private let state = Locked(State())

    private enum Decision {
        case cached(String)
        case wait(Task<String, any Error>)
    }

    private struct State {
        var token: String?
        var expiresAt = Timestamp(milliseconds: 0)
        var refresh: Task<String, any Error>?
        var fetches = 0
    }

    /// - Parameter refreshMargin: seconds before expiry when a new token is fetched (default 300).
    public init(clock: any Clock, refreshMargin: Int64 = 300, fetch: @escaping Fetch) {
        self.clock = clock
        self.refreshMargin = refreshMargin
        self.fetch = fetch
    }

    /// How many tokens were fetched so far.
    public var fetchCount: Int { state.withLock { $0.fetches } }

    /// A token valid for at least `refreshMargin` seconds more.
    public func token() async throws -> String {
        let now = clock.now()
        let decision = state.withLock { state -> Decision in
            if let token = state.token, now < state.expiresAt.adding(seconds: -refreshMargin) { return .cached(token) }
            return .wait(startRefresh(&state))
        }
        switch decision {
        case .cached(let token): return token
        case .wait(let refresh): return try await refresh.value
        }
    }

    /// Forgets `token` after QQ called it invalid (a token already replaced is left alone).
    public func invalidate(_ token: String) {
        state.withLock { state in
            if state.token == token { state.token = nil }
        }
    }

    /// Runs `body` with a token; when it throws an error `isInvalidToken` recognises, the token
    /// is dropped and `body` runs once more with a fresh one.
    public func withToken<T: Sendable>(isInvalidToken: @Sendable (any Error) -> Bool,
                                       _ body: @Sendable (String) async throws -> T) async throws -> T {
        let first = try await token()
        do {
            return try await body(first)
        } catch where isInvalidToken(error) {
            invalidate(first)
            return try await body(try await token())
        }
    }

    private func startRefresh(_ state: inout State) -> Task<String, any Error> {
        if let running = state.refresh { return running }
        state.fetches += 1
        let task = Task<String, any Error> { [self] in
            do {
                let fresh = try await fetch()
                let expiresAt = clock.now().adding(seconds: max(fresh.expiresIn, 1))
                self.state.withLock { state in
                    state.token = fresh.token
                    state.expiresAt = expiresAt
                    state.refresh = nil
                }
                return fresh.token
            } catch {
                self.state.withLock { $0.refresh = nil }
                throw error
            }
        }
        state.refresh = task
        return task
    }
}
