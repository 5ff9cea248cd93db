import CPostgres
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection. Not thread-safe: a pool thread owns it and lends it to one job at a
/// time. Each distinct SQL text is prepared once on the connection (named `s0`, `s1`, ...) and
/// then executed with bound parameters; results come back in binary format.
public final class PostgresConnection {
    let handle: OpaquePointer
    private var statementNames: [String: String] = [:]
    private var savepointDepth = 0
    /// Statements run through `query`/`execute` on this connection (round trips, for tests).
    public private(set) var statementCount = 0

    /// Connects and checks the connection is usable.
    /// - Throws: `PostgresError` of kind `.unavailable` with libpq's reason (never the password).
    public init(configuration: PostgresConfiguration) throws(PostgresError) {
        let connection = Self.connect(configuration.connectionParameters)
        guard let connection else { throw PostgresError(.unavailable, message: "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.errorMessage(connection)
            PQfinish(connection)
            throw PostgresError(.unavailable, message: "cannot connect to \(configuration): \(reason)")
        }
        self.handle = connection
    }

    deinit { PQfinish(handle) }

    /// `PQconnectdbParams` over NUL-terminated keyword and value arrays.
    private static func connect(_ pairs: [(String, String)]) -> OpaquePointer? {
        let keywords: [UnsafePointer<CChar>?] = pairs.map { UnsafePointer(strdup($0.0)) } + [nil]
        let values: [UnsafePointer<CChar>?] = pairs.map { UnsafePointer(strdup($0.1)) } + [nil]
        defer { (keywords + values).forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return keywords.withUnsafeBufferPointer { names -> OpaquePointer? in
            values.withUnsafeBufferPointer { texts -> OpaquePointer? in
                PQconnectdbParams(names.baseAddress, texts.baseAddress, 0)
            }
        }
    }

    /// True when the connection was lost; the pool then replaces it.
    public var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// True inside `transaction`.
    public var isInTransaction: Bool { PQtransactionStatus(handle) != PQTRANS_IDLE }

    /// The server's version number, e.g. 150018.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Runs one statement with `parameters` and returns every row.
    public func query(_ sql: String, _ parameters: [any PostgresBindable] = []) throws(PostgresError) -> [PostgresRow] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return try PostgresResultReader.rows(of: result, sql: sql)
    }

    /// Runs one statement and returns its first row, if any.
    public func queryOne(_ sql: String, _ parameters: [any PostgresBindable] = []) throws(PostgresError) -> PostgresRow? {
        try query(sql, parameters).first
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresBindable] = []) throws(PostgresError) -> Int {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Runs `;`-separated statements through the simple protocol, without parameters (migrations).
    public func executeScript(_ sql: String) throws(PostgresError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs `body` in a transaction: BEGIN, then COMMIT when it returns, ROLLBACK when it throws.
    /// - Throws: the body's error, or `PostgresError` when BEGIN or COMMIT fails.
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try executeScript("BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            if !isBroken { try? executeScript("ROLLBACK") }
            throw error
        }
        let result = PQexec(handle, "COMMIT")
        defer { PQclear(result) }
        try check(result, sql: "COMMIT")
        // A transaction that failed earlier answers COMMIT with ROLLBACK: nothing was committed.
        if String(cString: PQcmdStatus(result)) == "ROLLBACK" {
            throw PostgresError(.query, message: "the transaction was rolled back by an earlier error", sql: "COMMIT")
        }
        return value
    }

    /// Runs `body` inside a SAVEPOINT: when it throws, only its own changes are rolled back and
    /// the enclosing transaction stays usable. `release: false` saves the RELEASE round trip when
    /// `body` returns: the savepoint then stays open until the transaction ends (COMMIT keeps its
    /// changes; a later savepoint at the same depth reuses and shadows its name).
    public func savepoint<T>(release: Bool = true, _ body: (PostgresConnection) throws -> T) throws -> T {
        let name = "sp\(savepointDepth)"
        try executeScript("SAVEPOINT \(name)")
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        do {
            let value = try body(self)
            if release { try executeScript("RELEASE SAVEPOINT \(name)") }
            return value
        } catch {
            if !isBroken { try? executeScript("ROLLBACK TO SAVEPOINT \(name)") }
            throw error
        }
    }

    /// Prepares `sql` once, then executes it with `parameters`; the caller clears the result.
    private func run(_ sql: String, _ parameters: [any PostgresBindable]) throws(PostgresError) -> OpaquePointer {
        let name = try preparedName(for: sql)
        statementCount &+= 1
        let bound = try PostgresParameters(parameters.map(\.postgresParameter), sql: sql)
        let result = bound.withArrays { count, values, lengths, formats in
            PQexecPrepared(handle, name, count, values, lengths, formats, 1)
        }
        do {
            try check(result, sql: sql)
        } catch {
            PQclear(result)
            throw error
        }
        return result!
    }

    private func preparedName(for sql: String) throws(PostgresError) -> String {
        if let name = statementNames[sql] { return name }
        let name = "s\(statementNames.count)"
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        try check(result, sql: sql)
        statementNames[sql] = name
        return name
    }

    /// Throws the error a failed result (or a lost connection) stands for.
    private func check(_ result: OpaquePointer?, sql: String) throws(PostgresError) {
        if let result {
            let status = PQresultStatus(result)
            if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK { return }
            let sqlState = PostgresResultReader.field(result, PostgresResultReader.sqlStateField)
            let message = PostgresResultReader.field(result, PostgresResultReader.messageField) ?? Self.errorMessage(handle)
            if sqlState == nil || isBroken {
                throw PostgresError(.unavailable, sqlState: sqlState, message: message, sql: sql)
            }
            throw PostgresError(sqlState: sqlState, message: message, sql: sql)
        }
        throw PostgresError(.unavailable, message: Self.errorMessage(handle), sql: sql)
    }

    static func errorMessage(_ connection: OpaquePointer) -> String {
        guard let text = PQerrorMessage(connection) else { return "unknown libpq error" }
        let message = String(cString: text).split(whereSeparator: \.isNewline).joined(separator: " ")
        return message.isEmpty ? "connection lost" : message
    }
}
