import CheckoutHTTP
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

/// Three `chatcheckout` processes on one PostgreSQL with WeChat Pay at a fake platform that
/// answers after a delay (so that the replicas' timers overlap on every row) and counts calls:
/// reconciliation queries, refund resubmissions and closes before expiry are each made by ONE
/// replica per lease, whoever's timer fires. The leases (12 s) exceed the platform call limit
/// (10 s), so a second call within the test could only follow a failed first one.
@Suite(.serialized) struct PostgresReplicaClaimTests {
    typealias Replicas = PostgresReplicaBinaryTests

    /// The replicas with WeChat Pay at `platform`, reconciliation every second.
    static func replicas(_ platform: FakeWeChatPay, folder: URL, _ extra: [String: String]) async throws -> ReplicaSet {
        let files = try platform.writeKeyFiles(to: folder)
        let environment = [
            "WECHAT_APP_ID": platform.appID, "WECHATPAY_MCH_ID": platform.merchantID,
            "WECHATPAY_APIV3_KEY": platform.apiV3Key, "WECHATPAY_MERCHANT_KEY": files.merchantKey,
            "WECHATPAY_MERCHANT_SERIAL": platform.merchantSerial, "WECHATPAY_PLATFORM_CERT": files.platformKey,
            "WECHATPAY_PLATFORM_SERIAL": platform.platformSerial, "WECHATPAY_API_BASE": platform.baseURL,
            "CHECKOUT_RECONCILE_EVERY": "1",
        ].merging(extra) { $1 }
        return try ReplicaSet(databaseURL: try await PostgresTestDatabase.freshDatabaseURL(), environment: environment)
    }

    /// `count` orders of one buyer on a replica each in turn, each with a WeChat Pay prepay.
    static func prepaidOrders(_ set: ReplicaSet, _ shop: (id: String, product: String), count: Int,
                              buyer: String) throws -> [String] {
        let ports = set.replicas.map(\.port)
        let token = try Replicas.session(ports[0], buyer)
        return try (0..<count).map { index in
            let port = ports[index % ports.count]
            let placed = try Replicas.call(port, "POST", "/v1/shops/\(shop.id)/orders", token: token,
                                           key: "\(buyer)-\(index)", body: Replicas.orderBody(shop.product))
            let order = try #require(placed.json["id"] as? String, "\(placed.text)")
            let paying = try Replicas.call(port, "POST", "/v1/orders/\(order)/payments", token: token,
                                           key: "pay-\(order)", body: #"{"provider":"wechatpay"}"#)
            #expect(paying.status == 201, "\(paying.text)")
            return order
        }
    }

    /// Polls every 200 ms (60 s at most: a bound, not a timing claim) until every order has `status`.
    static func waitForStatus(_ set: ReplicaSet, key: String, _ orders: [String], _ status: String) async throws {
        for _ in 0..<300 {
            let statuses = try orders.map {
                try Replicas.call(set.replicas[2].port, "GET", "/v1/orders/\($0)", token: key).json["status"] as? String
            }
            if statuses.allSatisfy({ $0 == status }) { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestError("orders did not all become \(status) within 60 s")
    }

    /// `checkout_payments_total` by outcome, summed over the replicas' `/metrics`.
    static func paymentOutcomes(_ set: ReplicaSet) throws -> [String: Int] {
        var outcomes = [String: Int]()
        for replica in set.replicas {
            for line in try Replicas.call(replica.port, "GET", "/metrics").text.split(separator: "\n")
            where line.hasPrefix("checkout_payments_total{outcome=\"") {
                let parts = line.dropFirst("checkout_payments_total{outcome=\"".count).split(separator: "\"")
                guard let name = parts.first, let value = parts.last?.split(separator: " ").last.flatMap({ Double($0) })
                else { continue }
                outcomes[String(name), default: 0] += Int(value)
            }
        }
        return outcomes
    }

    /// How many calls since `mark` each of `names` got, by `name(call)`.
    static func calls(_ platform: FakeWeChatPay, since mark: Int, _ names: [String],
                      _ name: (FakeWeChatPay.Received) -> String?) -> [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: names.map { ($0, 0) })
        for call in platform.received.dropFirst(mark) {
            if let key = name(call), counts[key] != nil { counts[key]! += 1 }
        }
        return counts
    }

    @Test func lostNotificationsAndStuckRefunds_AreQueriedAndResubmittedByOneReplicaEach() async throws {
        let platform = try FakeWeChatPay()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-claims-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { platform.stop(); try? FileManager.default.removeItem(at: folder) }
        let set = try await Self.replicas(platform, folder: folder,
                                          ["CHECKOUT_RECONCILE_AFTER": "12", "CHECKOUT_REFUND_RETRY": "12"])
        defer { set.stop() }
        let (shopID, key, product) = try Replicas.shop(set, stock: 100)

        // Three orders paid by one notification each, delivered to all three replicas at once.
        let refunded = try Self.prepaidOrders(set, (shopID, product), count: 3, buyer: "refund-buyer")
        for order in refunded {
            let message = try platform.paymentNotification(order, amount: 1000)
            var fields = ["Content-Type": "application/json"]
            for field in message.headers { fields[field.name] = field.value }
            let headers = fields
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for replica in set.replicas {
                    group.addTask {
                        try await InProcessClient.live(port: replica.port).execute(
                            .post, "/v1/payment-callbacks/wechatpay", headers: headers, body: message.body).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == [204, 204, 204], "every replica acknowledges: \(statuses)")
        }
        // Each payment applied once, by one replica: `paid` counts applications. Under load the
        // setup can outlast the reconciliation delay (12 s): a replica then queries the platform
        // (`reconciled`) and its settlement counts too, as `paid` or `duplicate`, beside the nine
        // deliveries. So: paid == 3, and the deliveries plus at most one per query are all counted.
        let outcomes = try Self.paymentOutcomes(set)
        let counted = outcomes["paid", default: 0] + outcomes["duplicate", default: 0]
        #expect(outcomes["paid"] == 3 && (9...9 + outcomes["reconciled", default: 0]).contains(counted),
                "each applied once, by one replica: \(outcomes)")
        // Their refunds the platform could not take (500): they stay pending.
        platform.setMode(.failing(status: 500, code: "SYSTEM_ERROR"))
        var refunds = [String]()
        for order in refunded {
            let refund = try Replicas.call(set.replicas[0].port, "POST", "/v1/orders/\(order)/refunds", token: key,
                                           key: "refund-\(order)", body: "{}")
            #expect(refund.status == 201 && refund.json["status"] as? String == "pending", "\(refund.text)")
            refunds.append(try #require(refund.json["id"] as? String))
        }
        // From here the platform answers after 1 s, refunds succeed at once.
        let mark = platform.received.count
        platform.setRefundAnswerStatus(.success)
        platform.setMode(.delayed(milliseconds: 1000))

        // Four orders paid at the platform whose notifications never came.
        let lost = try Self.prepaidOrders(set, (shopID, product), count: 4, buyer: "lost-buyer")
        for order in lost { platform.pay(order, amount: 1000) }

        try await Self.waitForStatus(set, key: key, lost, "paid")
        try await Self.waitForStatus(set, key: key, refunded, "refunded")
        try await Task.sleep(for: .seconds(2))  // room for a late duplicate to arrive and be counted

        let queries = Self.calls(platform, since: mark, lost) { call in
            guard call.method == "GET", call.target.hasPrefix("/v3/pay/transactions/out-trade-no/") else { return nil }
            return call.target.dropFirst("/v3/pay/transactions/out-trade-no/".count).split(separator: "?").first.map(String.init)
        }
        #expect(queries.values.allSatisfy { $0 == 1 }, "each lost payment queried once: \(queries)")
        let submissions = Self.calls(platform, since: mark, refunds) { call in
            guard call.target == "/v3/refund/domestic/refunds" else { return nil }
            return call.json["out_refund_no"] as? String
        }
        #expect(submissions.values.allSatisfy { $0 == 1 }, "each refund resubmitted once: \(submissions)")
    }

    @Test func prepaysOfExpiringOrders_AreClosedOnceAndEachOrderExpiresOnce() async throws {
        let platform = try FakeWeChatPay()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-claims-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { platform.stop(); try? FileManager.default.removeItem(at: folder) }
        let set = try await Self.replicas(platform, folder: folder, ["CHECKOUT_ORDER_TTL": "4"])
        defer { set.stop() }
        let (shopID, key, product) = try Replicas.shop(set, stock: 20)
        let mark = platform.received.count
        let orders = try Self.prepaidOrders(set, (shopID, product), count: 5, buyer: "expiring-buyer")
        platform.setMode(.delayed(milliseconds: 1000))

        try await Self.waitForStatus(set, key: key, orders, "cancelled")
        try await Task.sleep(for: .seconds(2))  // room for a late duplicate to arrive and be counted

        let closes = Self.calls(platform, since: mark, orders) { call in
            guard call.method == "POST", call.target.hasSuffix("/close") else { return nil }
            return call.target.split(separator: "/").dropLast().last.map(String.init)
        }
        #expect(closes.values.allSatisfy { $0 == 1 }, "each prepay closed once: \(closes)")
        #expect(orders.allSatisfy { platform.tradeState($0) == "CLOSED" })
        let stock = try Replicas.call(set.replicas[1].port, "GET", "/v1/products/\(product)").json["stock"] as? Int
        #expect(stock == 20, "stock released exactly once per order")
    }
}
