import CheckoutCore

/// An error from the server, from libpq or from this layer, classified once from its SQLSTATE.
///
/// `sql` holds the statement text for logs, never the bound values.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// No connection, or it was lost (SQLSTATE class 08, server shutdown 57P01-03): retry later.
        case unavailable
        /// A UNIQUE or PRIMARY KEY constraint failed (23505).
        case uniqueViolation
        /// Another integrity constraint failed (class 23: CHECK, FOREIGN KEY, NOT NULL).
        case constraintViolation
        /// A serialization failure or deadlock (40001, 40P01): the transaction may be run again.
        case retryable
        /// A value the layer cannot bind or a column it cannot read.
        case decoding
        /// Any other failure of a statement.
        case query
        /// The pool was closed.
        case closed
    }

    public let kind: Kind
    /// The five-character SQLSTATE, when the server sent one.
    public let sqlState: String?
    public let message: String
    public let sql: String?

    public init(_ kind: Kind, sqlState: String? = nil, message: String, sql: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    /// The error for a server answer with `sqlState`.
    init(sqlState: String?, message: String, sql: String?) {
        self.init(Self.kind(of: sqlState), sqlState: sqlState, message: message, sql: sql)
    }

    static func kind(of sqlState: String?) -> Kind {
        guard let sqlState else { return .unavailable }
        switch sqlState {
        case "23505": return .uniqueViolation
        case "40001", "40P01": return .retryable
        case "57P01", "57P02", "57P03", "53300": return .unavailable
        default:
            if sqlState.hasPrefix("08") { return .unavailable }
            if sqlState.hasPrefix("23") { return .constraintViolation }
            return .query
        }
    }

    public var isUniqueViolation: Bool { kind == .uniqueViolation }

    /// The domain's view (`StorageError`): lost connection, busy or deadlocked → `unavailable`
    /// (503, retry), unique violation → `conflict` (409), unreadable value → `corrupt`, else `failed`.
    public var storageError: StorageError {
        switch kind {
        case .unavailable, .closed, .retryable: StorageError(.unavailable, description)
        case .uniqueViolation: StorageError(.conflict, description)
        case .decoding: StorageError(.corrupt, description)
        case .constraintViolation, .query: StorageError(.failed, description)
        }
    }

    public var description: String {
        var text = "PostgreSQL error"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(message)"
        if let sql { text += " — SQL: \(sql)" }
        return text
    }

    static func closed() -> PostgresError { PostgresError(.closed, message: "the connection pool is closed") }

    static func decoding(_ message: String, sql: String? = nil) -> PostgresError {
        PostgresError(.decoding, message: message, sql: sql)
    }
}
