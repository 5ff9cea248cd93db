import CheckoutAPI
import CheckoutCore
import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

@Suite struct LiveStreamTests {
    static func open(_ server: TestServer, _ target: String, headers: String = "") async throws -> EventStreamReader {
        try await Blocking.run {
            try EventStreamReader(server.connect(), request: "GET \(target) HTTP/1.1\r\nHost: x\r\n\(headers)\r\n")
        }
    }

    static func json(_ data: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
    }

    func liveToken(_ f: ShareFixture) async throws -> String {
        let response = try await f.client.post("/v1/stats/live-tokens", headers: f.shop.auth)
        #expect(response.status == 201)
        #expect(response.json["expires_at"] as? String == f.clock.now().adding(seconds: 600).rfc3339)
        return try #require(response.json["token"] as? String)
    }

    @Test(arguments: InProcessApp.Backend.allCases, [false, true])
    func theStreamSendsCountersPaidOrdersKeepAlivesAndReplays(_ backend: InProcessApp.Backend, tls: Bool) async throws {
        try await ShareFixture.with(backend) { f in
            let token = try await liveToken(f)
            let server = try TestServer(responder: f.app.responder, tls: tls)
            defer { server.server.shutdown() }
            let stream = try await Self.open(server, "/v1/stats/live?token=\(token)")
            #expect(stream.status == 200)
            #expect(stream.head.lowercased().contains("content-type: text/event-stream"))
            let first = try await Blocking.run { try stream.next(event: "counters") }
            #expect(first.id == "0-1")
            let window = try #require(Self.json(first.data)["window"] as? [String: Any])
            for name in ["last_60s", "today"] {
                let counters = try #require(window[name] as? [String: Any])
                for field in ["shares", "clicks", "unique_visitors", "orders", "paid_orders", "gmv", "refunded", "conversion"] {
                    #expect(counters[field] != nil, "\(name).\(field)")
                }
            }

            let sharer = try await f.commerce.login("sharer")
            let buyer = try await f.commerce.login("buyer")
            let code = try await f.share(sharer, channel: "group")
            try await f.click(code, visitor: ShareFixture.visitor(1), scene: "1008")
            let order = try await f.order(buyer, quantity: 2, shareCode: code, scene: 1008)
            try await f.pay(buyer, order)
            let paid = try await Blocking.run { try stream.next(event: "order_paid") }
            let event = Self.json(paid.data)
            #expect(event["order_id"] as? String == order)
            #expect(event["amount_total"] as? Int == 3_000)
            #expect(event["share_code"] as? String == code)
            #expect(event["scene"] as? Int == 1008)
            #expect(event["sharer"] as? String != nil)
            let sequence = try #require(paid.id.flatMap { Int64($0) })

            await f.hub.tick()
            let counters = try await Blocking.run { try stream.next(event: "counters") }
            #expect(counters.id?.hasPrefix("\(sequence)-") == true)
            let today = (Self.json(counters.data)["window"] as? [String: Any])?["today"] as? [String: Any]
            #expect(today?["clicks"] as? Int == 1)
            #expect(today?["orders"] as? Int == 1)
            let last60s = (Self.json(counters.data)["window"] as? [String: Any])?["last_60s"] as? [String: Any]
            #expect(last60s?["clicks"] as? Int == 1)
            #expect(last60s?["shares"] as? Int == 1)

            for _ in 0..<15 { await f.hub.tick() }
            let blocks = try await Blocking.run { try (0..<16).map { _ in try stream.next() } }
            #expect(blocks.contains(": keep-alive"))

            // A new stream after the last id seen before the payment replays it.
            let replay = try await Self.open(server, "/v1/stats/live", headers: "Authorization: Bearer \(f.shop.key)\r\nLast-Event-ID: 0-1\r\n")
            let replayed = try await Blocking.run { try replay.next() }
            #expect(replayed.contains("event: order_paid"))
            #expect(replayed.contains("id: \(sequence)\n"))
            #expect(f.hub.subscriberCount == 2)

            // Closing the client frees its stream.
            stream.connection.reset()
            replay.connection.reset()
            for _ in 0..<200 where f.hub.subscriberCount > 0 {
                await f.hub.tick()
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(f.hub.subscriberCount == 0)
        }
    }

    /// What the dashboard does: the live token in the Authorization header, so no URL carries it.
    @Test func aLiveTokenAsBearerOpensTheStream() async throws {
        try await ShareFixture.with { f in
            let token = try await liveToken(f)
            let server = try TestServer(responder: f.app.responder)
            defer { server.server.shutdown() }
            let stream = try await Self.open(server, "/v1/stats/live", headers: "Authorization: Bearer \(token)\r\n")
            #expect(stream.status == 200)
            let first = try await Blocking.run { try stream.next(event: "counters") }
            #expect(first.data.contains("last_60s"))
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func liveTokensOpenOnlyTheStreamAndExpireAfterTenMinutes(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let token = try await liveToken(f)
            #expect(try await f.client.get("/v1/stats?group_by=hour", headers: CommerceFixture.bearer(token)).status == 401)
            #expect(try await f.client.get("/v1/stats/live?token=lt_bogus").status == 401)
            let shopper = try await f.commerce.login("shopper")
            #expect(try await f.client.get("/v1/stats/live", headers: CommerceFixture.bearer(shopper)).status == 403)
            #expect(try await f.client.get("/v1/stats/live").status == 401)
            #expect(try await f.client.post("/v1/stats/live-tokens", headers: CommerceFixture.bearer(shopper)).status == 403)
            #expect(try await f.client.get("/v1/stats/live", headers: CommerceFixture.bearer("lt_bogus")).status == 401)
            f.clock.advance(seconds: 601)
            let expired = try await f.client.get("/v1/stats/live?token=\(token)")
            #expect(expired.status == 401)
            #expect(expired.errorCode == "unauthenticated")
            #expect(try await f.client.get("/v1/stats/live", headers: CommerceFixture.bearer(token)).status == 401)
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func aThousandSubscribersEachGetEveryPaidOrder(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let server = try TestServer(responder: f.app.responder)
            defer { server.server.shutdown() }
            let key = f.shop.key
            let streams = try await Blocking.run {
                try (0..<1_000).map { _ in
                    let stream = try EventStreamReader(server.connect(timeout: 30),
                                                       request: "GET /v1/stats/live HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\n\r\n")
                    _ = try stream.next(event: "counters")
                    return stream
                }
            }
            #expect(f.hub.subscriberCount == 1_000)
            let buyer = try await f.commerce.login("buyer")
            var orders: [String] = []
            for _ in 0..<3 {
                let order = try await f.order(buyer, shareCode: nil)
                try await f.pay(buyer, order)
                orders.append(order)
            }
            let received = try await Blocking.run {
                try streams.map { stream in try (0..<3).map { _ in Self.json(try stream.next(event: "order_paid").data)["order_id"] as? String ?? "" } }
            }
            #expect(received.allSatisfy { $0 == orders })
            for stream in streams { stream.connection.reset() }
        }
    }
}

@Suite struct LiveStreamBoundTests {
    @Test(arguments: InProcessApp.Backend.allCases) func aSubscriberThatNeverReadsIsClosedOnceItsBufferIsFull(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let server = try TestServer(responder: f.app.responder)
            defer { server.server.shutdown() }
            let connection = try await Blocking.run { try TestConnection(port: server.port) }
            var small: Int32 = 4096
            setsockopt(connection.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            try connection.send("GET /v1/stats/live HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(f.shop.key)\r\n\r\n")
            for _ in 0..<400 where f.hub.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(25)) }
            #expect(f.hub.subscriberCount == 1)
            // Each tick queues a counters event of about 300 bytes that the client never reads.
            var ticks = 0
            while f.hub.subscriberCount > 0 && ticks < 100_000 {
                await f.hub.tick()
                ticks += 1
            }
            #expect(f.hub.subscriberCount == 0, "still open after \(ticks) ticks")
        }
    }
}
