import CLinux
import Glibc

/// An epoll instance (edge-triggered registrations), owned by one event loop thread.
struct Epoll: ~Copyable {
    let fd: Int32

    init() throws(SystemError) {
        fd = try syscallOrThrow("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    deinit { close(fd) }

    /// Registers `descriptor` for `events`, tagging it with `token`.
    func add(_ descriptor: Int32, events: UInt32, token: UInt64) throws(SystemError) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        try syscallOrThrow("epoll_ctl(ADD)") { epoll_ctl(fd, EPOLL_CTL_ADD, descriptor, &event) }
    }

    func modify(_ descriptor: Int32, events: UInt32, token: UInt64) throws(SystemError) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        try syscallOrThrow("epoll_ctl(MOD)") { epoll_ctl(fd, EPOLL_CTL_MOD, descriptor, &event) }
    }

    func remove(_ descriptor: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(fd, EPOLL_CTL_DEL, descriptor, &event)
    }

    /// Waits for events; returns how many were stored in `events`.
    func wait(_ events: UnsafeMutableBufferPointer<epoll_event>, timeoutMilliseconds: Int32) throws(SystemError) -> Int {
        while true {
            let n = epoll_wait(fd, events.baseAddress, Int32(events.count), timeoutMilliseconds)
            if n >= 0 { return Int(n) }
            if errno == EINTR { continue }
            throw SystemError("epoll_wait", errno: errno)
        }
    }

    static let readable = UInt32(EPOLLIN.rawValue)
    static let writable = UInt32(EPOLLOUT.rawValue)
    static let readHangup = UInt32(EPOLLRDHUP.rawValue)
    static let hangup = UInt32(EPOLLHUP.rawValue)
    static let error = UInt32(EPOLLERR.rawValue)
    static let edgeTriggered = UInt32(EPOLLET.rawValue)
}
