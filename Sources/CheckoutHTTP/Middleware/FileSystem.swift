import Glibc

/// What the static files need to know about a file, from `stat`.
struct FileInfo: Equatable, Sendable {
    var size: Int
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
    var inode: UInt64
    var isRegularFile: Bool
    var isDirectory: Bool

    init(_ st: stat) {
        size = Int(st.st_size)
        modifiedSeconds = Int(st.st_mtim.tv_sec)
        modifiedNanoseconds = Int(st.st_mtim.tv_nsec)
        inode = UInt64(st.st_ino)
        isRegularFile = st.st_mode & FileSystem.typeMask == FileSystem.regularType
        isDirectory = st.st_mode & FileSystem.typeMask == FileSystem.directoryType
    }

    /// `"size-mtime"` in hex, mtime in nanoseconds: changes whenever the content is rewritten.
    var entityTag: String {
        let nanos = modifiedSeconds &* 1_000_000_000 &+ modifiedNanoseconds
        return "\"\(String(size, radix: 16))-\(String(UInt(bitPattern: nanos), radix: 16))\""
    }
}

/// The few file-system calls the static files make, through Glibc.
enum FileSystem {
    static let typeMask: mode_t = 0o170000
    static let regularType: mode_t = 0o100000
    static let directoryType: mode_t = 0o040000

    /// The canonical absolute path with every symlink, `.` and `..` resolved, or `nil`.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `stat` of `path` (following symlinks), or `nil`.
    static func info(atPath path: String) -> FileInfo? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileInfo(st)
    }

    /// Reads a whole regular file of at most `limit` bytes, opened without following a final
    /// symlink; returns the `fstat` of what was actually read, or `nil`.
    static func readFile(atPath path: String, limit: Int) -> (info: FileInfo, bytes: [UInt8])? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let info = FileInfo(st)
        guard info.isRegularFile, info.size <= limit else { return nil }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: info.size) { buffer, count in
            count = 0
            while count < info.size {
                let n = read(fd, buffer.baseAddress! + count, info.size - count)
                if n > 0 {
                    count += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    failed = n < 0 || count != info.size  // error, or the file shrank under us
                    return
                }
            }
        }
        return failed ? nil : (info, bytes)
    }
}
