import CheckoutThreads
import Foundation

extension ServiceProcess {
    /// Ports this test process has handed out: never twice in one run.
    private static let handedOut = Locked<Set<Int>>([])

    /// A free loopback port: a random one below the kernel's ephemeral range (so no client
    /// connection of a parallel test holds it), never one handed out before in this process,
    /// checked by binding it once. Another process may still take it before the server binds:
    /// `waitUntilHealthy` then sees that the listener is not ours.
    public static func freePort() -> Int {
        while true {
            let port = Int.random(in: 20_000..<32_000)
            guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            let bound = PortReservation.bindLoopback(fd, port: port)
            close(fd)
            if bound { return port }
        }
    }

    /// True when process `processIdentifier` itself holds a listening IPv4 socket on `port`:
    /// the inodes of the sockets listening there (`/proc/net/tcp`, state 0A) against the
    /// process's descriptors (`/proc/PID/fd`, `socket:[inode]`).
    static func listens(processIdentifier: Int32, port: Int) -> Bool {
        guard let table = readWhole("/proc/net/tcp") else { return false }
        let suffix = ":" + String(format: "%04X", port)
        var inodes = Set<Substring>()
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            if fields.count > 9, fields[1].hasSuffix(suffix), fields[3] == "0A" { inodes.insert(fields[9]) }
        }
        let folder = "/proc/\(processIdentifier)/fd"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + entry),
                  target.hasPrefix("socket:[") else { continue }
            if inodes.contains(target.dropFirst(8).dropLast()) { return true }
        }
        return false
    }

    /// All of a /proc file: read until EOF (its size reads as 0, and a single read of a long
    /// table, thousands of sockets on a busy machine, returns only its first pages).
    private static func readWhole(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
