import Glibc

/// N raw `GET /v1/stats/live` connections read with `poll(2)` on one thread: the benchmark's
/// subscribers. Times are CLOCK_MONOTONIC nanoseconds, the clock the server side is stamped on.
final class LiveSubscribers: @unchecked Sendable {
    private var fds: [Int32] = []
    private var seen: [[UInt8]] = []

    /// Opens `count` streams with `authorization`; returns once each sent its first counters event.
    init(port: Int, count: Int, authorization: String) throws {
        let request = Array("GET /v1/stats/live HTTP/1.1\r\nHost: bench\r\nAuthorization: \(authorization)\r\n\r\n".utf8)
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw BenchError("socket: errno \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0, write(fd, request, request.count) == request.count else {
                throw BenchError("connect/write: errno \(errno)")
            }
            fds.append(fd)
            seen.append([])
        }
        for index in fds.indices {
            while !Self.contains(seen[index], Array("event: counters".utf8)) {
                guard try read(index) else { throw BenchError("a stream closed before its first event") }
            }
        }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    /// Forgets what every stream received so far (counters events between payments).
    func drain() {
        for index in fds.indices { while (try? read(index)) == true {} }
        for index in seen.indices { seen[index] = [] }
    }

    /// Reads until every stream carried `marker`; returns each stream's arrival time, in order.
    func waitForAll(_ marker: String, timeoutSeconds: Int = 30) throws -> [UInt64] {
        let pattern = Array(marker.utf8)
        var arrived = [UInt64?](repeating: nil, count: fds.count)
        var pending = fds.count
        let deadline = Self.now() + UInt64(timeoutSeconds) * 1_000_000_000
        var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while pending > 0 {
            guard Self.now() < deadline else { throw BenchError("\(pending) streams missed \(marker)") }
            guard poll(&polls, nfds_t(polls.count), 1_000) >= 0 else { throw BenchError("poll: errno \(errno)") }
            let stamp = Self.now()
            for index in polls.indices where polls[index].revents != 0 && arrived[index] == nil {
                polls[index].revents = 0
                while (try? read(index)) == true {}
                if Self.contains(seen[index], pattern) {
                    arrived[index] = stamp
                    polls[index].events = 0
                    pending -= 1
                }
            }
        }
        for index in polls.indices { polls[index].events = Int16(POLLIN) }
        return arrived.map { $0! }
    }

    func close() {
        for fd in fds { _ = Glibc.close(fd) }
        fds = []
    }

    /// One read into the stream's bytes; false at end of stream or when nothing waits.
    private func read(_ index: Int) throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let count = Glibc.read(fds[index], &buffer, buffer.count)
        if count > 0 {
            seen[index] += buffer[..<count]
            return true
        }
        if count == 0 { throw BenchError("stream \(index) closed") }
        return false
    }

    static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard bytes.count >= pattern.count else { return false }
        return (0...(bytes.count - pattern.count)).contains { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
