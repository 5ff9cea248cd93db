import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Consistent copies of a live database through the SQLite online-backup API.
public enum DatabaseBackup {
    /// Copies the database at `sourcePath` to `destinationPath` while other connections keep writing.
    ///
    /// The copy is one read snapshot of the source (a single `sqlite3_backup_step(-1)` inside one
    /// read transaction; WAL writers are not blocked), written to a temporary file, synced and then
    /// renamed over `destinationPath`, so the destination is never half-written. Missing folders
    /// of the destination are created.
    public static func copy(from sourcePath: String, to destinationPath: String) throws(DatabaseError) {
        guard FileSystem.isPlainPath(destinationPath) else {
            throw .misuse("backup destination must be a file path, got \(destinationPath)")
        }
        let source = try Database(path: sourcePath, configuration: DatabaseConfiguration(readOnly: true))
        _ = try FileSystem.createParentFolders(of: destinationPath)
        let temporaryPath = "\(destinationPath).tmp-\(getpid())"
        FileSystem.remove(temporaryPath)
        do {
            try copyPages(from: source.handle, toNewFile: temporaryPath)
            // A WAL left by an older file at the destination would be replayed onto the new copy.
            FileSystem.remove(destinationPath + "-wal")
            FileSystem.remove(destinationPath + "-shm")
            try FileSystem.durableRename(temporaryPath, to: destinationPath)
        } catch {
            FileSystem.remove(temporaryPath)
            FileSystem.remove(temporaryPath + "-journal")
            throw error
        }
    }

    private static func copyPages(from source: OpaquePointer, toNewFile path: String) throws(DatabaseError) {
        var destination: OpaquePointer?
        let openCode = sqlite3_open_v2(path, &destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE, nil)
        defer { sqlite3_close_v2(destination) }
        guard openCode == SQLITE_OK, let destination else {
            throw .fromConnection(destination, code: openCode, sql: "backup to \(path)")
        }
        // Rollback journal + FULL sync while copying: the pages land in the file itself.
        _ = sqlite3_exec(destination, "PRAGMA synchronous = FULL", nil, nil, nil)
        guard let backup = sqlite3_backup_init(destination, "main", source, "main") else {
            throw .fromConnection(destination, code: sqlite3_errcode(destination), sql: "backup to \(path)")
        }
        var stepCode: Int32
        var busyRetries = 0
        repeat {
            stepCode = sqlite3_backup_step(backup, -1)
            if stepCode == SQLITE_BUSY || stepCode == SQLITE_LOCKED {
                busyRetries += 1
                sqlite3_sleep(10)
            }
        } while stepCode == SQLITE_OK || ((stepCode == SQLITE_BUSY || stepCode == SQLITE_LOCKED) && busyRetries < 500)
        let finishCode = sqlite3_backup_finish(backup)
        guard stepCode == SQLITE_DONE, finishCode == SQLITE_OK else {
            let code = stepCode == SQLITE_DONE ? finishCode : stepCode
            throw .fromConnection(destination, code: code, sql: "backup to \(path)")
        }
    }
}

extension DatabaseWriter {
    /// Writes a consistent copy of this live database to `path` (see `DatabaseBackup.copy`).
    /// Writes continue meanwhile; the copy holds every transaction committed before it began.
    public func backup(to path: String) throws {
        try DatabaseBackup.copy(from: self.path, to: path)
    }
}
