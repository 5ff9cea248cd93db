import Glibc

/// Why `Server.start()` failed: which port (if a port was at fault) and the system error.
public struct ServerStartError: Error, Sendable, CustomStringConvertible {
    /// Which of the server's ports could not be bound.
    public enum PortRole: Sendable, Equatable {
        case http, https
    }

    /// The port at fault and the number asked for; `nil` when no port was (epoll, eventfd).
    public let port: (role: PortRole, number: Int)?
    public let host: String
    public let error: SystemError

    public init(port: (role: PortRole, number: Int)?, host: String, error: SystemError) {
        self.port = port
        self.host = host
        self.error = error
    }

    /// True when another socket (usually another process) already listens on the port.
    public var isAddressInUse: Bool { error.errno == EADDRINUSE }

    public var description: String {
        guard let port else { return "cannot start the event loops: \(error)" }
        if isAddressInUse { return "\(host):\(port.number) is already in use by another process" }
        return "cannot listen on \(host):\(port.number): \(error)"
    }
}
