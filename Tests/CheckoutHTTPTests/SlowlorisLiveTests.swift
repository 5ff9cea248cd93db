import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

/// The short slowloris of `make test` (`make soak` runs 2,000 connections for 30 s): many
/// connections drip a header byte at a time on one loop; normal clients are served meanwhile,
/// and every slow one is closed at the head deadline.
@Suite struct SlowlorisLiveTests {
    static let responder = ClosureResponder { request in .text("ok \(request.path)") }

    @Test(arguments: [false, true]) func drippingHeads_AreClosedAtTheHeadDeadline_WhileOthersAreServed(tls: Bool) async throws {
        TestLimits.raiseOpenFiles()
        try await TestServer.with(Self.responder, tls: tls, configure: {
            $0.eventLoopCount = 1
            $0.timeouts.headMilliseconds = 1_500
        }) { server in
            let slow = try (0..<150).map { _ in try server.connect(timeout: 30) }
            for client in slow { try client.send("GET /slow HTTP/1.1\r\nHost: x\r\n") }
            for round in 0..<5 {
                for client in slow { try? client.send("X-Drip-\(round): a\r\n") }
                #expect(try server.connect().request("GET /normal/\(round) HTTP/1.1\r\nHost: x\r\n\r\n").text == "ok /normal/\(round)")
                usleep(100_000)
            }
            // Each is answered 408 and closed; a drip that crossed the close may reset it first.
            for (index, client) in slow.enumerated() {
                #expect(try client.waitForClose(), "slow connection \(index) stayed open")
            }
        }
    }
}
