import CheckoutTesting
import Foundation
import Testing

/// Live stats across replicas: a dashboard connected to one replica sees what the others take
/// (`PostgresShareEventBus` over `LISTEN/NOTIFY`).
@Suite(.serialized) struct PostgresReplicaLiveTests {
    typealias R = PostgresReplicaBinaryTests

    static func json(_ data: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
    }

    @Test func aShareClickAndPaymentOnOtherReplicas_ReachAStreamOnTheThird() async throws {
        let set = try ReplicaSet(databaseURL: try await PostgresTestDatabase.freshDatabaseURL())
        defer { set.stop() }
        let (shopID, key, productID) = try R.shop(set, stock: 10, price: 1_500)
        let (a, b, c) = (set.replicas[0].port, set.replicas[1].port, set.replicas[2].port)
        let stream = try await Blocking.run {
            try EventStreamReader(TestConnection(port: b, timeout: 30),
                                  request: "GET /v1/stats/live HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\n\r\n")
        }
        defer { stream.connection.reset() }
        #expect(stream.status == 200)
        _ = try await Blocking.run { try stream.next(event: "counters") }

        // Replica A: the share and the click; replica C: the order and its payment.
        let sharer = try R.session(a, "sharer")
        let shared = try R.call(a, "POST", "/v1/share-links", token: sharer,
                                body: #"{"shop_id":"\#(shopID)","product_id":"\#(productID)","channel":"group"}"#)
        let code = try #require(shared.json["code"] as? String, "\(shared.text)")
        let click = try TestConnection(port: a).request(
            "GET /s/\(code)?scene=1008 HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0 (iPhone) MicroMessenger/8.0\r\nConnection: close\r\n\r\n")
        #expect(click.status == 302)
        let buyer = try R.session(c, "buyer")
        let body = #"{"items":[{"product_id":"\#(productID)","quantity":2}],"share_code":"\#(code)","scene":1008,"#
            + #""shipping":{"name":"Li","phone":"13800000000","address":"1 Road"}}"#
        let placed = try R.call(c, "POST", "/v1/shops/\(shopID)/orders", token: buyer, key: "live-order", body: body)
        let orderID = try #require(placed.json["id"] as? String, "\(placed.text)")
        #expect(try R.call(c, "POST", "/v1/orders/\(orderID)/payments", token: buyer, key: "live-pay",
                           body: #"{"provider":"sandbox"}"#).status == 201)
        #expect(try R.call(c, "POST", "/v1/sandbox/orders/\(orderID)/pay", token: buyer).status == 200)

        let paid = try await Blocking.run { try stream.next(event: "order_paid") }
        let event = Self.json(paid.data)
        #expect(event["order_id"] as? String == orderID)
        #expect(event["amount_total"] as? Int == 3_000)
        #expect(event["share_code"] as? String == code)
        #expect(event["scene"] as? Int == 1008)
        #expect(event["sharer"] as? String != nil)

        // Counters come every second; the next ones hold A's share and click and C's order in
        // last_60s (only the bus brings those to B) and in today (read from the tables).
        let counters = try await Blocking.run { try stream.next(event: "counters") }
        let window = Self.json(counters.data)["window"] as? [String: Any]
        let last60s = try #require(window?["last_60s"] as? [String: Any], "\(counters.data)")
        #expect(last60s["shares"] as? Int == 1, "\(counters.data)")
        #expect(last60s["clicks"] as? Int == 1, "\(counters.data)")
        #expect(last60s["orders"] as? Int == 1, "\(counters.data)")
        #expect(last60s["paid_orders"] as? Int == 1, "\(counters.data)")
        #expect(last60s["gmv"] as? Int == 3_000, "\(counters.data)")
        let today = try #require(window?["today"] as? [String: Any])
        #expect(today["clicks"] as? Int == 1 && today["paid_orders"] as? Int == 1, "\(counters.data)")
    }
}
