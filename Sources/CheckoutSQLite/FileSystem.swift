#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls the SQLite layer needs (folders for new databases, durable renames).
enum FileSystem {
    /// True when `path` names an on-disk file rather than `:memory:`, `""` (temp) or a `file:` URI.
    static func isPlainPath(_ path: String) -> Bool {
        !path.isEmpty && path != ":memory:" && !path.hasPrefix("file:")
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The folder part of `path` ("." when there is none).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p` for the folder holding `path`; returns the folders it created, outermost first.
    static func createParentFolders(of path: String) throws(DatabaseError) -> [String] {
        var missing: [String] = []
        var folder = parent(of: path)
        while folder != "." && folder != "/" && !exists(folder) {
            missing.append(folder)
            folder = parent(of: folder)
        }
        for folder in missing.reversed() where mkdir(folder, 0o755) != 0 && errno != EEXIST {
            let reason = String(cString: strerror(errno))
            throw DatabaseError(extendedResultCode: 14 /* SQLITE_CANTOPEN */,
                                message: "cannot create folder \(folder): \(reason)")
        }
        return missing.reversed()
    }

    /// fsync of a folder, so a file created or renamed in it survives power loss.
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    /// Atomic replace of `destination` by `source`, made durable by syncing the folder.
    static func durableRename(_ source: String, to destination: String) throws(DatabaseError) {
        guard rename(source, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            throw DatabaseError(extendedResultCode: 10 /* SQLITE_IOERR */,
                                message: "cannot rename \(source) to \(destination): \(reason)")
        }
        syncFolder(parent(of: destination))
    }

    static func remove(_ path: String) { _ = unlink(path) }
}
