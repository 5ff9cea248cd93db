import CheckoutThreads

/// Recent `realpath` + `stat` results of the static files, valid for a short time (like
/// nginx's `open_file_cache_valid`): a hit costs no system call. Only successful
/// resolutions are kept, so a flood of unknown paths cannot fill it; when full it is
/// cleared.
final class ResolutionCache: Sendable {
    private struct Entry {
        let path: String
        let info: FileInfo
        let checkedAt: Int64
    }

    let validityMilliseconds: Int64
    let maxEntries: Int
    private let entries = Locked<[String: Entry]>([:])

    init(validityMilliseconds: Int64, maxEntries: Int = 4096) {
        self.validityMilliseconds = validityMilliseconds
        self.maxEntries = maxEntries
    }

    func lookup(_ candidate: String, now: Int64) -> (String, FileInfo)? {
        guard validityMilliseconds > 0 else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[candidate], now - entry.checkedAt < validityMilliseconds else { return nil }
            return (entry.path, entry.info)
        }
    }

    func store(_ candidate: String, path: String, info: FileInfo, now: Int64) {
        guard validityMilliseconds > 0 else { return }
        entries.withLock { entries in
            if entries.count >= maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[candidate] = Entry(path: path, info: info, checkedAt: now)
        }
    }
}
