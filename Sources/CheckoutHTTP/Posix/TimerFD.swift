import CLinux
import Glibc

/// A periodic monotonic timerfd that drives an event loop's timeouts.
struct TimerFD: ~Copyable {
    let fd: Int32

    init() throws(SystemError) {
        fd = try syscallOrThrow("timerfd_create") {
            timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        }
    }

    deinit { close(fd) }

    /// Fires every `milliseconds`, first after one interval.
    func arm(everyMilliseconds milliseconds: Int) throws(SystemError) {
        let interval = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var spec = itimerspec(it_interval: interval, it_value: interval)
        try syscallOrThrow("timerfd_settime") { timerfd_settime(fd, 0, &spec, nil) }
    }

    /// Consumes the expiration count after the timer fired.
    func drain() {
        var count: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &count) { read(fd, $0.baseAddress, 8) }
    }
}

/// Monotonic microseconds, for request durations.
public func monotonicMicroseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
}

/// Monotonic milliseconds, the clock of every connection deadline.
public func monotonicMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
