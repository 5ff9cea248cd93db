import CheckoutThreads

/// Small files kept in memory, keyed by resolved path and valid while inode, size and mtime
/// still match the file on disk. Bounded in total bytes and entries; least recently used
/// entries go first.
final class FileCache: Sendable {
    private struct Entry {
        var info: FileInfo
        var bytes: [UInt8]
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var totalBytes = 0
        var clock: UInt64 = 0
    }

    let capacity: Int
    let maxEntries: Int
    private let state = Locked(State())

    init(capacity: Int, maxEntries: Int = 4096) {
        self.capacity = capacity
        self.maxEntries = maxEntries
    }

    /// The cached bytes of `path` when they belong to the file described by `info`.
    func bytes(for path: String, info: FileInfo) -> [UInt8]? {
        state.withLock { state in
            guard var entry = state.entries[path], entry.info == info else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[path] = entry
            return entry.bytes
        }
    }

    /// Stores `bytes` for `path`, evicting the least recently used entries to stay in bounds.
    func insert(_ bytes: [UInt8], for path: String, info: FileInfo) {
        guard bytes.count <= capacity else { return }
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: path) { state.totalBytes -= old.bytes.count }
            while !state.entries.isEmpty,
                  state.totalBytes + bytes.count > capacity || state.entries.count >= maxEntries {
                let victim = state.entries.min { $0.value.lastUse < $1.value.lastUse }!
                state.totalBytes -= victim.value.bytes.count
                state.entries.removeValue(forKey: victim.key)
            }
            state.clock += 1
            state.entries[path] = Entry(info: info, bytes: bytes, lastUse: state.clock)
            state.totalBytes += bytes.count
        }
    }

    /// Bytes currently held (for tests and metrics).
    var totalBytes: Int { state.withLock { $0.totalBytes } }
}
