import CheckoutHTTP
import CheckoutTesting
import Foundation
import Synchronization
import Testing

/// A streamed body whose reader is slower than its producer: the producer is paused (it is
/// asked for the next chunk only when the socket has room), nothing is dropped, and the
/// connection is not closed for it.
@Suite struct StreamBackpressureLiveTests {
    static let chunkSize = 16 * 1024
    static let chunkCount = 2_048  // 32 MiB, far more than the socket buffers hold

    @Test func fastProducer_IsPausedWhileTheReaderWaits_ThenEverythingArrives() async throws {
        let pulled = Atomic<Int>(0)
        let responder = ClosureResponder { _ in
            let stream = AsyncStream<[UInt8]>(unfolding: {
                let index = pulled.add(1, ordering: .relaxed).newValue
                guard index <= Self.chunkCount else { return nil }
                return [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: Self.chunkSize)
            })
            return Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: .stream(stream))
        }
        try await TestServer.with(responder) { server in
            let client = try server.connect(timeout: 20)
            try client.send("GET /stream HTTP/1.0\r\nHost: x\r\n\r\n")
            // Not reading: the producer must stop once the socket buffers and the window are full.
            var last = -1
            for _ in 0..<50 {
                usleep(100_000)
                let now = pulled.load(ordering: .relaxed)
                if now == last { break }
                last = now
            }
            #expect(last < Self.chunkCount / 2, "the producer was asked for \(last) of \(Self.chunkCount) chunks")
            // Now read: every byte arrives, in order, and the server closes at the end (HTTP/1.0).
            let received = try Self.readBody(client)
            #expect(received.count == Self.chunkSize * Self.chunkCount)
            #expect(received.first == 1 && received.last == UInt8(truncatingIfNeeded: Self.chunkCount))
        }
    }

    /// Reads raw bytes until EOF and returns what follows the head.
    static func readBody(_ client: TestConnection) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chunkSize * chunkCount + 1024)
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else {
                if n < 0 { throw TestError("recv failed: errno \(errno)") }
                break
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            throw TestError("no response head")
        }
        return Array(bytes[(end + 4)...])
    }
}
