import Foundation

/// One blocking client connection (IPv4 or IPv6), optionally TLS over it, with every read and
/// write bounded by `SO_RCVTIMEO`/`SO_SNDTIMEO`. Used by `BlockingHTTPClient` only.
final class OutgoingConnection {
    private let fd: Int32
    private var session: TLSSession?

    init(host: String, port: Int, timeout: Double) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw OutgoingHTTPError(.unreachable, "cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        var connected: Int32 = -1
        while let info = candidate, connected < 0 {
            let descriptor = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if descriptor >= 0 {
                // Linux bounds connect() by SO_SNDTIMEO too.
                setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                if connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    connected = descriptor
                } else {
                    close(descriptor)
                }
            }
            candidate = info.pointee.ai_next
        }
        guard connected >= 0 else { throw OutgoingHTTPError(.unreachable, "cannot connect to \(host):\(port)") }
        fd = connected
    }

    deinit { close(fd) }

    func startTLS(_ context: TLSContext, serverName: String) throws {
        let session: TLSSession
        do {
            session = try context.makeSession(serverName: serverName)
            while try session.handshake() != .complete {
                try sendRaw(session.drainCiphertext())
                guard try receiveRaw(into: session) else { throw OutgoingHTTPError(.unreachable, "closed during the TLS handshake") }
            }
        } catch let error as OutgoingHTTPError {
            throw error
        } catch {
            throw OutgoingHTTPError(.unreachable, "TLS: \(error)")
        }
        try sendRaw(session.drainCiphertext())
        self.session = session
    }

    func send(_ bytes: [UInt8]) throws {
        guard let session else { return try sendRaw(bytes) }
        do {
            try session.writePlaintext(bytes)
        } catch {
            throw OutgoingHTTPError(.unreachable, "TLS write: \(error)")
        }
        try sendRaw(session.drainCiphertext())
    }

    /// Everything the peer sends until it closes, at most `limit` bytes.
    func receiveAll(limit: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        while true {
            if let session {
                var plaintext: [UInt8] = []
                let result: TLSReadResult
                do {
                    result = try session.readPlaintext(into: &plaintext)
                } catch {
                    // A peer that closes without close_notify ends the answer all the same.
                    return out
                }
                switch result {
                case .bytes: out += plaintext
                case .closed: return out
                case .wantRead: if try !receiveRaw(into: session) { return out }
                }
            } else {
                var chunk = [UInt8](repeating: 0, count: 16 * 1024)
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n == 0 { return out }
                guard n > 0 else { throw Self.readError() }
                out += chunk[0..<n]
            }
            guard out.count <= limit else { throw OutgoingHTTPError(.invalidResponse, "an answer over \(limit) bytes") }
        }
    }

    private func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else {
                throw errno == EAGAIN ? OutgoingHTTPError(.timedOut, "send timed out") : OutgoingHTTPError(.unreachable, "send failed")
            }
            offset += n
        }
    }

    private func receiveRaw(into session: TLSSession) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 { return false }
        guard n > 0 else { throw Self.readError() }
        session.feed(Array(chunk[0..<n]))
        return true
    }

    private static func readError() -> OutgoingHTTPError {
        errno == EAGAIN || errno == EWOULDBLOCK ? OutgoingHTTPError(.timedOut, "read timed out")
            : OutgoingHTTPError(.unreachable, "read failed: errno \(errno)")
    }
}
