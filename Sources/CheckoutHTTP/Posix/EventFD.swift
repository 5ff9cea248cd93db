import CLinux
import Glibc

/// An eventfd used to wake an event loop from other threads.
struct EventFD: ~Copyable {
    let fd: Int32

    init() throws(SystemError) {
        fd = try syscallOrThrow("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
    }

    deinit { close(fd) }

    /// Wakes the loop; many signals before a drain coalesce into one wake-up.
    func signal() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { write(fd, $0.baseAddress, 8) }
    }

    /// Resets the counter after a wake-up.
    func drain() {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { read(fd, $0.baseAddress, 8) }
    }
}
