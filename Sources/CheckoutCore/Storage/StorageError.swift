/// A storage failure as the domain sees it, whatever the backend: each store translates its
/// driver's errors (SQLite result codes, PostgreSQL SQLSTATEs) into one of these kinds, and
/// the API's error funnel maps the kind to a contract code.
///
/// `detail` is for the log only: it may hold SQL, never bound values, and is never sent.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Busy, locked, disk full, I/O error, connection lost: retrying later may work (503).
        case unavailable
        /// Too many writes already wait: refused at once, nothing ran (503 with Retry-After;
        /// load shedding, an expected answer under overload, not a failure).
        case overloaded
        /// A uniqueness rule refused the write: the object exists already (409 `conflict`).
        case conflict
        /// A stored value this binary cannot read: a bug or a tampered database (500).
        case corrupt
        /// Anything else the backend reported (500).
        case failed
    }

    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "storage \(kind.rawValue): \(detail)" }
}
