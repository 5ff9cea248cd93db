import CheckoutThreads
import Foundation

/// A small HTTP/1.1 client for outgoing calls that URLSession on Linux cannot make: over TLS
/// with a client certificate (QQ Wallet refunds), or plain HTTP to a local fake. One request
/// per connection (`Connection: close`), blocking on a thread of its own, every socket
/// operation bounded by `timeout`, the answer bounded by `maxResponseBytes`.
public struct BlockingHTTPClient: Sendable {
    /// The TLS client context for `https` URLs (with the client certificate, if any).
    public let tls: TLSContext?
    public var timeout: Duration
    public var maxResponseBytes = 1024 * 1024

    public init(tls: TLSContext?, timeout: Duration = .seconds(10)) {
        self.tls = tls
        self.timeout = timeout
    }

    /// An answer: status, fields and the whole body (chunked coding removed).
    public struct Answer: Sendable {
        public var status: Int
        public var headers: HTTPFields
        public var body: [UInt8]
    }

    /// Sends one request on a thread of its own; returns when answered, failed or past `timeout`.
    /// - Throws: `OutgoingHTTPError`.
    public func send(method: String, url: URL, headers: [(String, String)] = [],
                     body: [UInt8]) async throws -> Answer {
        try await withDeadline(timeout, onTimeout: { OutgoingHTTPError(.timedOut, "no answer within the deadline") }) {
            try await SystemThread.run(name: "http-client") {
                try self.sendBlocking(method: method, url: url, headers: headers, body: body)
            }
        }
    }

    func sendBlocking(method: String, url: URL, headers: [(String, String)], body: [UInt8]) throws -> Answer {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host else {
            throw OutgoingHTTPError(.unreachable, "not an http(s) URL")
        }
        let secure = scheme == "https"
        let port = url.port ?? (secure ? 443 : 80)
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let connection = try OutgoingConnection(host: host, port: port, timeout: max(seconds, 0.1))
        if secure {
            guard let tls else { throw OutgoingHTTPError(.unreachable, "https needs a TLS context") }
            try connection.startTLS(tls, serverName: host)
        }
        var target = url.path.isEmpty ? "/" : url.path
        if let query = url.query { target += "?" + query }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(url.port.map { "\(host):\($0)" } ?? host)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        try connection.send(Array(head.utf8) + body)
        return try HTTPAnswerReader.read(try connection.receiveAll(limit: maxResponseBytes))
    }
}

/// Why an outgoing call failed.
public struct OutgoingHTTPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// No connection (DNS, refused, TLS handshake).
        case unreachable
        /// No complete answer in time.
        case timedOut
        /// An answer that is not HTTP/1.1 we can read, or too large.
        case invalidResponse
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind): \(message)" }
}
