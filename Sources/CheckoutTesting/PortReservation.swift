import Foundation

/// Holds a loopback port bound but not listening, so connections to it are refused and no
/// other test server (SO_REUSEPORT or ephemeral) can take it over: a platform that is "down"
/// stays down, instead of a later test's server answering on its old port.
public final class PortReservation: Sendable {
    private let fd: Int32

    /// Binds `port` on 127.0.0.1 once it is free (a server that just shut down may hold it a
    /// moment longer); without a reservation the port may be reused.
    public init(port: Int) {
        var descriptor: Int32 = -1
        for _ in 0..<200 {
            let candidate = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            if Self.bindLoopback(candidate, port: port) {
                descriptor = candidate
                break
            }
            close(candidate)
            usleep(10_000)
        }
        fd = descriptor
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Binds `descriptor` to 127.0.0.1:`port`; false when the port is taken.
    static func bindLoopback(_ descriptor: Int32, port: Int) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
