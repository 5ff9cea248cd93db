import CheckoutTesting
import Foundation
import Testing

/// The binary on its own throwaway PostgreSQL server that is stopped and started again under
/// it: while the server is gone, requests answer 503 `unavailable` (nothing half-done), and once
/// it is back the binary reconnects by itself (no request fails on a connection the restart
/// closed), with every acknowledged order still there.
@Suite(.serialized) struct PostgresServerLossBinaryTests {
    typealias Replicas = PostgresReplicaBinaryTests
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".ci/pg-test-server.sh").path

    /// Runs `.ci/pg-test-server.sh command folder`; its output.
    static func server(_ command: String, _ folder: String) throws -> String {
        let (status, output) = try Shell.run("/bin/bash", [script, command, folder], timeout: 60)
        guard status == 0 else { throw TestError("pg-test-server.sh \(command): \(output)") }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aServerLostUnderTheBinary_Answers503ThenReconnectsByItself() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-pg-loss-\(UUID().uuidString)").path
        let url = try await Blocking.run { try Self.server("start", folder) }
        defer { _ = try? Self.server("stop", folder) }
        let set = try ReplicaSet(databaseURL: url, count: 1)
        defer { set.stop() }
        let port = set.replicas[0].port
        let (shopID, key, productID) = try Replicas.shop(set, stock: 10)
        let token = try Replicas.session(port, "buyer")
        let order: (String) throws -> TestResponse = { idempotencyKey in
            try Replicas.call(port, "POST", "/v1/shops/\(shopID)/orders", token: token, key: idempotencyKey,
                              body: Replicas.orderBody(productID))
        }
        let before = try order("before")
        #expect(before.status == 201, "\(before.text)")

        _ = try await Blocking.run { try Self.server("pause", folder) }
        let lost = try order("while-lost")
        #expect(lost.status == 503, "\(lost.text)")
        #expect((lost.json["error"] as? [String: Any])?["code"] as? String == "unavailable", "\(lost.text)")
        let read = try Replicas.call(port, "GET", "/v1/products/\(productID)")
        #expect(read.status == 503 && (read.json["error"] as? [String: Any])?["code"] as? String == "unavailable",
                "\(read.text)")
        #expect(try Replicas.call(port, "GET", "/readyz").status == 503)
        #expect(try Replicas.call(port, "GET", "/healthz").status == 200, "the process itself stays up")

        _ = try await Blocking.run { try Self.server("resume", folder) }
        // Past the pool's pause after a failed connect (0.5 s: the reads above tried while the
        // server was down), every request is answered at once: a pooled connection the restart
        // closed is found dead before its next job and replaced, not failed with the job. More
        // requests at once than the pool has connections, so every connection is used.
        try await Task.sleep(for: .seconds(1))
        let reads = try await withThrowingTaskGroup(of: TestResponse.self) { group in
            for _ in 0..<24 {
                group.addTask { try await Blocking.run { try Replicas.call(port, "GET", "/v1/products/\(productID)") } }
            }
            return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
        }
        #expect(reads.filter { $0.status != 200 }.map(\.text) == [], "every read after the restart answered")
        let after = try order("after")
        #expect(after.status == 201, "\(after.text)")
        let again = try order("while-lost")
        #expect(again.status == 201, "the refused request ran nothing: its key is free to use: \(again.text)")
        let list = try Replicas.call(port, "GET", "/v1/orders?limit=100", token: key)
        #expect((list.json["data"] as? [Any])?.count == 3, "before, after and the retried one: \(list.text)")
        let product = try Replicas.call(port, "GET", "/v1/products/\(productID)")
        #expect(product.json["stock"] as? Int == 7)
    }
}
