import CLinux
import Glibc

/// A non-blocking TCP socket descriptor. Ownership is explicit: `close()` once.
struct Socket {
    let fd: Int32

    /// Creates a listening socket bound to `host:port` (IPv4 or IPv6 literal).
    /// `reusePort` lets one listener per event loop share the port (SO_REUSEPORT).
    static func makeListener(host: String, port: Int, reusePort: Bool, backlog: Int32 = 4096) throws(SystemError) -> Socket {
        let address = try SocketAddress(host: host, port: port)
        let fd = try syscallOrThrow("socket") {
            Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        let socket = Socket(fd: fd)
        do {
            try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
            if reusePort { try socket.setOption(SOL_SOCKET, SO_REUSEPORT, 1) }
            _ = try address.withSockAddr { pointer, length throws(SystemError) in
                try syscallOrThrow("bind(\(host):\(port))") { Glibc.bind(fd, pointer, length) }
            }
            try syscallOrThrow("listen") { Glibc.listen(fd, backlog) }
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// Throws `EADDRINUSE` when another socket listens on `host:port`, whatever its options.
    ///
    /// The listeners use SO_REUSEPORT so that the loops of this process share a port, but
    /// that option would also let a second process of the same user bind it silently and
    /// take half the traffic. A bind without SO_REUSEPORT conflicts with any listener, so a
    /// short probe before the real binds tells the two apart.
    static func probePortIsFree(host: String, port: Int) throws(SystemError) {
        let address = try SocketAddress(host: host, port: port)
        let fd = try syscallOrThrow("socket") {
            Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        let socket = Socket(fd: fd)
        defer { socket.close() }
        try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
        _ = try address.withSockAddr { pointer, length throws(SystemError) in
            try syscallOrThrow("bind(\(host):\(port))") { Glibc.bind(fd, pointer, length) }
        }
    }

    func setOption(_ level: Int32, _ name: Int32, _ value: Int32) throws(SystemError) {
        var value = value
        try syscallOrThrow("setsockopt") {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Accepts one connection, non-blocking and close-on-exec.
    func accept() throws(SystemError) -> IOResult<Socket> {
        switch try syscall("accept4", { accept4(fd, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)) }) {
        case .processed(let client): .processed(Socket(fd: client))
        case .wouldBlock: .wouldBlock
        }
    }

    /// Disables Nagle: a response must not wait for the peer's ACK.
    func setNoDelay() {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try syscall("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Whether a read would return at once (bytes, EOF or an error) rather than block:
    /// one non-consuming `recv(MSG_PEEK)` of a byte.
    var hasPendingInput: Bool {
        var byte: UInt8 = 0
        return Glibc.recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) >= 0 || errno != EAGAIN
    }

    func write(_ buffer: UnsafeRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try syscall("write") { Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Sends `count` bytes of `file` from `offset` (advanced by what was sent).
    func sendFile(_ file: Int32, offset: inout Int, count: Int) throws(SystemError) -> IOResult<Int> {
        var off = off_t(offset)
        let result = try syscall("sendfile") { Glibc.sendfile(fd, file, &off, count) }
        offset = Int(off)
        return result
    }

    /// Shuts down the sending side (the peer sees EOF after our last byte).
    func shutdownWrite() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    func close() { _ = Glibc.close(fd) }

    /// The port this socket is bound to.
    var localPort: Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return SocketAddress(storage: storage).port
    }

    /// The peer's address as text, for logs and rate limits.
    var peerAddress: String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        return rc == 0 ? SocketAddress(storage: storage).host : ""
    }
}
