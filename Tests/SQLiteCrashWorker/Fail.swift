#if canImport(Glibc)
import Glibc
#endif

/// Writes `message` to stderr (fd 2, unbuffered) and exits with status 1.
func fail(_ message: String) -> Never {
    var line = message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(1)
}
