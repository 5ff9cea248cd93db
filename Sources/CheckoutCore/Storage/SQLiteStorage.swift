import CheckoutSQLite

/// The SQLite database of the checkout: the single writer and the reader pool.
public struct SQLiteStorage: Sendable {
    public let writer: DatabaseWriter
    public let readers: DatabaseReaderPool

    public init(writer: DatabaseWriter, readers: DatabaseReaderPool) {
        self.writer = writer
        self.readers = readers
    }

    /// Opens the database at `path` (creating it), applies pending migrations, opens `readers`
    /// read connections.
    /// - Throws: `DatabaseError`, or `MigrationError.schemaNewerThanBinary` for a newer database.
    public static func open(path: String, readers: Int = 4,
                            writer configuration: WriterConfiguration = .init()) throws -> SQLiteStorage {
        let writer = try DatabaseWriter(path: path, writer: configuration)
        do {
            _ = try CheckoutSchema.migrator.migrate(writer)
            return SQLiteStorage(writer: writer, readers: try DatabaseReaderPool(path: path, size: readers))
        } catch {
            writer.close()
            throw error
        }
    }

    /// Finishes queued writes and closes the writer.
    public func close() {
        writer.close()
    }
}
