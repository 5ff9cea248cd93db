import CheckoutHTTP
import CheckoutTesting
import CheckoutWeChat
import Foundation
import CheckoutThreads
import Testing

/// The built binary in sandbox mode (logins, 1-second payout passes) with WeChat Pay pointed at
/// the fake platform, on one SQLite file that outlives each process: `start()` (re)starts it,
/// `killOnce` arms the fake to SIGKILL it after handling a matching call, before answering.
final class RewardsCrashHarness: Sendable {
    let platform: FakeWeChatPay
    let folder: URL
    let database: String
    let environment: [String: String]
    /// The latest binary, and whether it has been killed.
    private let current = Locked<(ServiceProcess, killed: Bool)?>(nil)
    private let kills = Locked(0)

    init(admin: String) throws {
        platform = try FakeWeChatPay()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-reward-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = folder.appendingPathComponent("checkout.sqlite").path
        let files = try platform.writeKeyFiles(to: folder)
        environment = [
            "CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": admin, "CHECKOUT_DB": database,
            "WECHAT_APP_ID": platform.appID, "WECHATPAY_MCH_ID": platform.merchantID,
            "WECHATPAY_APIV3_KEY": platform.apiV3Key, "WECHATPAY_MERCHANT_KEY": files.merchantKey,
            "WECHATPAY_MERCHANT_SERIAL": platform.merchantSerial, "WECHATPAY_PLATFORM_CERT": files.platformKey,
            "WECHATPAY_PLATFORM_SERIAL": platform.platformSerial, "WECHATPAY_API_BASE": platform.baseURL,
        ]
        adminToken = admin
    }

    let adminToken: String
    private let shopKey = Locked("")

    /// The running binary's client (a new port after each restart).
    var shop: InProcessClient { InProcessClient.live(port: current.withLock { $0?.0.port ?? 0 }) }
    var shopAuth: [String: String] { CommerceFixture.bearer(shopKey.withLock { $0 }) }

    /// Starts the binary on the database (the previous one must have exited). It is `current`
    /// from the moment it is spawned: its first payout pass may call the platform, and be
    /// killed there, before `/healthz` answers.
    func start() async throws {
        let environment = environment
        let service = try await Blocking.run { try ServiceProcess(environment: environment, waitForHealth: false) }
        current.withLock { $0 = (service, false) }
        do {
            try await Blocking.run { try service.waitUntilHealthy() }
        } catch where current.withLock({ $0?.killed == true }) {
            // Killed by an armed crash point before it answered /healthz: that is the test.
        }
    }

    /// Arms the fake: after handling the next call `matches` accepts, SIGKILL the binary that
    /// made it (the one running: arming may precede `start()`) and wait for it to exit, then
    /// answer into a closed connection.
    func killOnce(_ matches: @escaping @Sendable (FakeWeChatPay.Received) -> Bool) {
        platform.onceHandled(matches) { [self] in
            guard let service = await running() else { return }
            service.send(signal: SIGKILL)
            _ = try? await Blocking.run { service.waitForExit(seconds: 15) }
            kills.withLock { $0 += 1 }
        }
    }

    /// The binary not yet killed; a call can only come from it, so wait (10 s at most) while
    /// `start()` has not recorded it yet.
    private func running() async -> ServiceProcess? {
        for _ in 0..<200 {
            let service = current.withLock { current -> ServiceProcess? in
                guard let (service, killed) = current, !killed else { return nil }
                current = (service, true)
                return service
            }
            if let service { return service }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Waits (at most 60 s, not a timing claim) until the fake has killed the binary `count` times.
    func waitForKill(_ count: Int) async throws {
        try await until("kill \(count)") { kills.withLock { $0 } >= count }
    }

    /// Polls `condition` every 100 ms for at most 60 s.
    func until(_ what: String, _ condition: @Sendable () async throws -> Bool) async throws {
        for _ in 0..<600 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestError("waited 60 s for \(what)")
    }

    /// The rows of `query` on the database, `|`-separated columns.
    func sql(_ query: String) throws -> [String] {
        let (status, output) = try Shell.run("/usr/bin/sqlite3", [database, query], timeout: 30)
        guard status == 0 else { throw TestError("sqlite3: \(output)") }
        return output.split(separator: "\n").map(String.init)
    }

    /// Delivers a signed platform notification to the callback.
    func deliver(_ message: WeChatPaySignedMessage) async throws -> TestResponse {
        var headers = ["Content-Type": "application/json"]
        for field in message.headers { headers[field.name] = field.value }
        return try await shop.execute(.post, "/v1/payment-callbacks/wechatpay", headers: headers, body: message.body)
    }

    /// A shop with the program on (10 %, freeze 0), a product at `price`, a sharer's link
    /// clicked and a friend's order through it, paid through WeChat Pay with profit sharing.
    func creditedPaidSale(price: Int64) async throws -> (order: String, sharer: String) {
        let fixture = CommerceFixture(shop, adminToken: adminToken)
        let handle = try await fixture.createShop(name: "Crash Tea")
        shopKey.withLock { $0 = handle.key }
        let program = try await shop.execute(.put, "/v1/rewards", headers: shopAuth,
                                             body: Array(#"{"enabled":true,"rate_bps":1000,"freeze_days":0}"#.utf8))
        #expect(program.status == 200, "\(program.text)")
        let product = try await fixture.createProduct(handle, price: price)
        let sharer = try await fixture.login("crash-sharer")
        let friend = try await fixture.login("crash-friend")
        let code = try await fixture.shareAndClick(sharer, shopID: handle.id, productID: product)
        let placed = try await fixture.placeOrder(friend, shopID: handle.id, items: nil,
                                                  body: CommerceFixture.sharedOrderBody(product, shareCode: code))
        let order = try #require(placed.json["id"] as? String, "\(placed.text)")
        let payment = try await shop.post("/v1/orders/\(order)/payments", json: #"{"provider":"wechatpay"}"#,
                                          headers: CommerceFixture.bearer(friend).merging(["Idempotency-Key": "pay-1"]) { $1 })
        #expect(payment.status == 201, "\(payment.text)")
        let prepay = platform.received.last { $0.target == "/v3/pay/transactions/jsapi" }
        #expect((prepay?.json["settle_info"] as? [String: Any])?["profit_sharing"] as? Bool == true)
        #expect(try await deliver(try platform.paymentNotification(order, amount: Int(price))).status == 204)
        return (order, sharer)
    }

    /// The sharer's first commission as `GET /v1/me/commissions` shows it.
    func mine(_ sharer: String) async throws -> [String: Any] {
        let list = try await shop.get("/v1/me/commissions", headers: CommerceFixture.bearer(sharer))
        return try #require((list.json["data"] as? [[String: Any]])?.first, "\(list.text)")
    }

    /// The sharer's balance by bucket.
    func balance(_ sharer: String) async throws -> [String: Int] {
        let list = try await shop.get("/v1/me/commissions", headers: CommerceFixture.bearer(sharer))
        return try #require(list.json["balance"] as? [String: Int], "\(list.text)")
    }

    /// Stops the binary if it runs and removes the database folder.
    func stop() {
        current.withLock { $0?.0 }?.stop()
        platform.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
