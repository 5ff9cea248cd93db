import CheckoutTesting
import Foundation
import Testing

/// The binary's files stop growing in the middle of an order load (its file-size limit,
/// RLIMIT_FSIZE, lowered from outside: writes past it fail as on a full disk): orders are
/// refused with 503 `unavailable` in the contract shape, nothing acknowledged is lost, nothing
/// refused is half written, and once the limit is lifted the same process takes orders again.
@Suite(.serialized) struct DiskFullBinaryTests {
    static let adminToken = "e2e-admin-token-0123456789"
    static let stock: Int64 = 1_000_000

    /// Sets the soft file-size limit of process `pid` (util-linux `prlimit`; the hard limit
    /// stays unlimited, so the soft one may be raised again).
    static func limitFileSize(of pid: pid_t, to bytes: String) async throws {
        let (status, output) = try await Blocking.run {
            try Shell.run("prlimit", ["--pid", String(pid), "--fsize=\(bytes):unlimited"])
        }
        guard status == 0 else { throw TestError("prlimit: \(output)") }
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test func filesThatCannotGrow_AnswerOrders503_LoseNothing_AndRecover() async throws {
        let service = try await Blocking.run {
            try ServiceProcess(environment: ["CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": Self.adminToken])
        }
        defer { service.stop() }
        let database = service.dataDirectory.appendingPathComponent("checkout.sqlite").path
        let client = InProcessClient.live(port: service.port)
        let fixture = CommerceFixture(client, adminToken: Self.adminToken)
        let shop = try await fixture.createShop()
        let product = try await fixture.createProduct(shop, price: 500, stock: Self.stock)
        let buyer = try await fixture.login("disk-full-buyer")
        let note = String(repeating: "n", count: 400)
        let body = #"{"items":[{"product_id":"\#(product)","quantity":1}],"note":"\#(note)","shipping":\#(CommerceFixture.shipping)}"#
        func place(_ key: String) async throws -> TestResponse {
            try await fixture.placeOrder(buyer, shopID: shop.id, items: nil, key: key, body: body)
        }
        for i in 0..<20 { #expect(try await place("warm-\(i)").status == 201) }

        // The database and its WAL may grow by 128 KiB more, then writes fail.
        let largest = max(Self.fileSize(database), Self.fileSize(database + "-wal"))
        try await Self.limitFileSize(of: service.process.processIdentifier, to: String(largest + 128 * 1024))
        let all = try await withThrowingTaskGroup(of: [(key: String, response: TestResponse)].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var answers: [(key: String, response: TestResponse)] = []
                    for n in 0..<400 {
                        let key = "load-\(worker)-\(n)"
                        answers.append((key, try await place(key)))
                        if answers.last?.response.status == 503 { break }
                    }
                    return answers
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let refused = all.filter { $0.response.status == 503 }
        let accepted = all.filter { $0.response.status == 201 }
        #expect(refused.count == 8, "each client met a full disk: \(all.count) answers")
        #expect(accepted.count + refused.count == all.count, "only 201 or 503: \(Set(all.map(\.response.status)))")
        for answer in refused {
            #expect(answer.response.errorCode == "unavailable" && answer.response.header("Retry-After") != nil,
                    "\(answer.response.text)")
            #expect(!answer.response.text.lowercased().contains("sqlite"))
        }
        #expect(service.process.isRunning)

        // Space is back: the same process takes orders again; refused keys were never used.
        try await Self.limitFileSize(of: service.process.processIdentifier, to: "unlimited")
        var recovered = false
        for attempt in 0..<50 where !recovered {
            recovered = try await place("after-\(attempt)").status == 201
            if !recovered { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(recovered, "orders are taken again once the files may grow")
        for answer in refused {
            let retried = try await place(answer.key)
            #expect(retried.status == 201, "refused key \(answer.key) then: \(retried.status) \(retried.text)")
        }
        for answer in accepted {
            let again = try await place(answer.key)
            #expect(again.json["id"] as? String == answer.response.json["id"] as? String, "key \(answer.key) replays its order")
        }
        let stored = try await IdempotentCrashTests.sql(database, "SELECT count(*) FROM orders")
        let count = 20 + accepted.count + refused.count + (recovered ? 1 : 0)
        #expect(stored.first.flatMap { Int($0) }.map { $0 >= count && $0 <= count + 49 } == true, "stored \(stored) for \(count)")
        let sold = try await IdempotentCrashTests.sql(database, """
            SELECT p.stock + (SELECT sum(quantity) FROM order_items WHERE product_id = p.id) FROM products p
            """)
        #expect(sold == [String(Self.stock)], "stock + sold = initial")
        #expect(try await IdempotentCrashTests.sql(database, "PRAGMA integrity_check") == ["ok"])
    }
}
