import CheckoutHTTP
import Foundation

/// A blocking TCP client for tests: raw bytes out, parsed responses in. Every read has a
/// timeout, so a test that waits for a server that never answers fails instead of hanging.
public final class TestConnection: @unchecked Sendable {
    public let fd: Int32
    private var buffer: [UInt8] = []
    /// Set for TLS connections: bytes are encrypted on send and decrypted on receive.
    private var session: TLSSession?

    /// Connects over TLS, verifying the server against `caPath` for `serverName`. With
    /// `handshake: false` only the ClientHello is sent (a handshake in progress), and
    /// `completeHandshake()` goes on later.
    public convenience init(tlsPort port: Int, caPath: String, serverName: String = "localhost", timeout: Double = 10,
                            receiveBuffer: Int32? = nil, handshake: Bool = true) throws {
        try self.init(port: port, timeout: timeout, receiveBuffer: receiveBuffer)
        let context = try TLSContext.makeClient(trustedCAPath: caPath)
        let session = try context.makeSession(serverName: serverName)
        self.session = session
        if handshake {
            try completeHandshake()
        } else {
            _ = try session.handshake()
            try sendRaw(session.drainCiphertext())
        }
    }

    /// Runs the TLS handshake to its end.
    public func completeHandshake() throws {
        guard let session else { return }
        while try session.handshake() != .complete {
            try sendRaw(session.drainCiphertext())
            try receiveRaw(into: session)
        }
        try sendRaw(session.drainCiphertext())
    }

    /// The negotiated TLS version (`TLSv1.3`), when TLS.
    public var tlsProtocol: String? { session?.negotiatedProtocol }
    public var tlsALPN: String? { session?.negotiatedALPN }
    public var tlsPeerFingerprint: String? { session?.peerCertificate?.sha256FingerprintHex }

    /// Connects to `host:port` (IPv4), with `timeout` seconds on every read. `receiveBuffer`
    /// (`SO_RCVBUF`, bytes) is set before connecting, so the window is small from the start.
    public init(port: Int, host: String = "127.0.0.1", timeout: Double = 10, receiveBuffer: Int32? = nil) throws {
        // `fd` is assigned last: a throw before that leaves the object uninitialized, so
        // `deinit` cannot close the descriptor a second time (a number another thread may
        // already have been given again).
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestError("socket: \(errno)") }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            let error = errno
            close(descriptor)
            throw TestError("connect to \(host):\(port) failed: errno \(error)")
        }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        fd = descriptor
    }

    deinit { close(fd) }

    /// Sends all of `bytes` (encrypted first on TLS connections).
    public func send(_ bytes: [UInt8]) throws {
        if let session {
            try session.writePlaintext(bytes)
            try sendRaw(session.drainCiphertext())
        } else {
            try sendRaw(bytes)
        }
    }

    private func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestError("send failed: errno \(errno)") }
            offset += n
        }
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Shuts down our sending side (half-close); TLS sends close_notify first.
    public func shutdownWrite() {
        if let session {
            session.shutdown()
            try? sendRaw(session.drainCiphertext())
        }
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes with a reset (SO_LINGER 0): the server's next write fails.
    public func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Reads ciphertext once and feeds it; throws on EOF.
    private func receiveRaw(into session: TLSSession) throws {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw TestError(n == 0 ? "closed during TLS" : (errno == EAGAIN ? "read timed out" : "recv failed: errno \(errno)")) }
        session.feed(Array(chunk[0..<n]))
    }

    /// Reads more bytes into the buffer; `false` on EOF. Throws on timeout or error.
    @discardableResult
    func fill() throws -> Bool {
        if let session { return try fillTLS(session) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 { return false }
        guard n > 0 else {
            throw TestError(errno == EAGAIN ? "read timed out" : "recv failed: errno \(errno)")
        }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    private func fillTLS(_ session: TLSSession) throws -> Bool {
        while true {
            var plaintext: [UInt8] = []
            switch try session.readPlaintext(into: &plaintext) {
            case .bytes:
                buffer.append(contentsOf: plaintext)
                return true
            case .closed:
                return false
            case .wantRead:
                var chunk = [UInt8](repeating: 0, count: 64 * 1024)
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n == 0 { return false }
                guard n > 0 else {
                    throw TestError(errno == EAGAIN ? "read timed out" : "recv failed: errno \(errno)")
                }
                session.feed(Array(chunk[0..<n]))
            }
        }
    }

    /// Reads one response. `head` is true when it answers a HEAD request (no body follows).
    public func readResponse(head: Bool = false) throws -> TestResponse {
        while true {
            if let (response, used) = try TestResponse.parse(buffer, headRequest: head, atEOF: false) {
                buffer.removeFirst(used)
                return response
            }
            if try !fill() {
                if let (response, used) = try TestResponse.parse(buffer, headRequest: head, atEOF: true) {
                    buffer.removeFirst(used)
                    return response
                }
                throw TestError("connection closed before a whole response (\(buffer.count) bytes buffered)")
            }
        }
    }

    /// Takes the bytes received so far, reading more first when none are buffered (for
    /// streamed responses); nil at EOF.
    public func takeBytes() throws -> [UInt8]? {
        if buffer.isEmpty, try !fill() { return nil }
        defer { buffer.removeAll(keepingCapacity: true) }
        return buffer
    }

    /// Sends a request and reads its response.
    public func request(_ text: String) throws -> TestResponse {
        try send(text)
        return try readResponse(head: text.hasPrefix("HEAD "))
    }

    /// True when the server closed the connection (EOF) within the read timeout, with no
    /// more response bytes than those already buffered.
    public func waitForClose() throws -> Bool {
        while true {
            do {
                if try !fill() { return true }
            } catch let error as TestError where error.message == "read timed out" {
                return false
            } catch {
                return true // reset counts as closed
            }
        }
    }

    /// Bytes received but not yet parsed.
    public var pendingBytes: [UInt8] { buffer }
}

/// A failure in test support code.
public struct TestError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
