import CSQLite

/// How hard a WAL checkpoint tries (see `sqlite3_wal_checkpoint_v2`).
public enum CheckpointMode: Sendable {
    /// Copies what it can without waiting for or blocking anyone.
    case passive
    /// Waits for the writer, then copies every frame.
    case full
    /// As `full`, then waits for readers so the next writer restarts the WAL from its start.
    case restart
    /// As `restart`, then truncates the WAL file to zero bytes.
    case truncate

    var code: Int32 {
        switch self {
        case .passive: SQLITE_CHECKPOINT_PASSIVE
        case .full: SQLITE_CHECKPOINT_FULL
        case .restart: SQLITE_CHECKPOINT_RESTART
        case .truncate: SQLITE_CHECKPOINT_TRUNCATE
        }
    }
}

/// What a checkpoint did: the WAL's size in frames and how many of them are now in the database file.
public struct CheckpointResult: Sendable, Equatable {
    public let walFrames: Int
    public let checkpointedFrames: Int

    /// True when every frame was copied (the next writer may restart the WAL).
    public var isComplete: Bool { walFrames == checkpointedFrames }
}

extension Database {
    /// Checkpoints the WAL of the main database. `SQLITE_BUSY` (another checkpoint running, or
    /// readers/writer in the way for the blocking modes) is reported as an error with `isBusy`.
    @discardableResult
    public func checkpoint(_ mode: CheckpointMode) throws(DatabaseError) -> CheckpointResult {
        var frames: Int32 = -1
        var copied: Int32 = -1
        let code = sqlite3_wal_checkpoint_v2(handle, "main", mode.code, &frames, &copied)
        guard code == SQLITE_OK else {
            throw .fromConnection(handle, code: code, sql: "PRAGMA wal_checkpoint(\(mode))")
        }
        return CheckpointResult(walFrames: Int(max(frames, 0)), checkpointedFrames: Int(max(copied, 0)))
    }

    /// The page size in bytes.
    public func pageSize() throws(DatabaseError) -> Int {
        guard case .integer(let size) = try queryOne("PRAGMA page_size")?[0] else { return 4096 }
        return Int(size)
    }
}
