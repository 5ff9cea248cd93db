import CheckoutAPI
import CheckoutCore
import CheckoutSQLite
import CheckoutStoreSQLite
import CheckoutTesting
import CheckoutThreads
import Foundation
import Testing

/// The stock gate seen from the API (docs/006-stock-gate.md): a flash sale at a small writer
/// queue sells the stock exactly and sheds nobody; a sold-out answer is stored under its key;
/// a restock, a cancellation and an expiry reopen the product.
@Suite(.serialized) struct FlashSaleTests {
    /// Buyers racing over real sockets and threads for 12 units with at most 16 writes queued:
    /// without the gate most of them get 503 `unavailable` from load shedding.
    @Test func flashSaleAtAQueueLimitOf16_SellsExactlyTheStock_RefusesTheRest_ShedsNobody() async throws {
        try await withApp(.live, configure: { $0.writeQueueLimit = 16 }) { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, title: "Mooncake", price: 8_800, stock: 12)
            var logins: [String] = []
            for i in 0..<8 { logins.append(try await fixture.login("flash-\(i)")) }
            let tokens = logins
            let buyers = 240
            let sale = try await withThrowingTaskGroup(of: (Int, TestResponse).self) { group in
                for i in 0..<buyers {
                    group.addTask {
                        (i, try await fixture.placeOrder(tokens[i % tokens.count], shopID: shop.id, items: [(product, 1)],
                                                         key: "flash-\(i)"))
                    }
                }
                return try await group.reduce(into: [Int: TestResponse]()) { $0[$1.0] = $1.1 }
            }
            let responses = Array(sale.values)
            let created = responses.filter { $0.status == 201 }
            let refused = responses.filter { $0.status == 409 }
            #expect(created.count == 12)
            #expect(refused.count == buyers - 12, "\(Set(responses.map(\.status)))")
            #expect(refused.allSatisfy {
                $0.errorCode == "out_of_stock" && $0.errorParam == "items[0].quantity"
                    && $0.errorMessage == "Not enough stock of Mooncake for 1."
            })
            #expect(try await fixture.stock(of: product, shop: shop) == 0)
            let orders = try await client.get("/v1/orders?limit=100", headers: shop.auth)
            #expect((orders.json["data"] as? [Any])?.count == 12)

            // Every buyer retries at once with the same key: each gets its first answer again,
            // the 409s byte for byte, marked replayed; nobody is shed, nothing more is sold.
            let retries = try await withThrowingTaskGroup(of: (Int, TestResponse).self) { group in
                for i in 0..<buyers {
                    group.addTask {
                        (i, try await fixture.placeOrder(tokens[i % tokens.count], shopID: shop.id, items: [(product, 1)],
                                                         key: "flash-\(i)"))
                    }
                }
                return try await group.reduce(into: [Int: TestResponse]()) { $0[$1.0] = $1.1 }
            }
            for (i, retry) in retries {
                let first = try #require(sale[i])
                #expect(retry.status == first.status)
                #expect(retry.header("Idempotent-Replayed") == "true")
                #expect(retry.body == first.body)
            }
            #expect(try await fixture.stock(of: product, shop: shop) == 0)
            // A sold-out key sent with another body is refused as reused, not answered out_of_stock.
            let refusedIndex = try #require(sale.first { $0.value.status == 409 }?.key)
            let reused = try await fixture.placeOrder(tokens[refusedIndex % tokens.count], shopID: shop.id,
                                                      items: [(product, 2)], key: "flash-\(refusedIndex)")
            #expect(reused.errorCode == "idempotency_key_reused")
        }
    }

    /// Every buyer waits at the gate (the writer is held while they arrive): the probe's COMMIT
    /// admits the next buyers and their write jobs start from it, and the last units' COMMIT
    /// refuses the rest at once, their answers stored by one job. Exact, no 503 at a queue limit
    /// of 16, and a retry replays each first answer byte for byte.
    @Test func buyersAllWaitingAtTheGate_AreAdmittedOrRefusedByTheCommitsThatDecideThem() async throws {
        try await withApp(.live, configure: { $0.writeQueueLimit = 16 }) { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, title: "Zongzi", price: 1_200, stock: 5)
            let token = try await fixture.login("waiting")
            let buyers = 80
            let writerHeld = OneShot<Void>()
            app.sqlite.writer.enqueue({ _ in writerHeld.wait() }, reply: { _ in })
            async let sale = withThrowingTaskGroup(of: (Int, TestResponse).self) { group in
                for i in 0..<buyers {
                    group.addTask {
                        (i, try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)], key: "wait-\(i)"))
                    }
                }
                return try await group.reduce(into: [Int: TestResponse]()) { $0[$1.0] = $1.1 }
            }
            // The probe holds its unit behind the held writer; everybody else waits at the gate.
            for _ in 0..<20_000 where app.sqlite.stockGate.load(of: product) != (held: 1, waiting: buyers - 1) {
                try await Task.sleep(nanoseconds: 1_000_000)
            }
            #expect(app.sqlite.stockGate.load(of: product) == (held: 1, waiting: buyers - 1))
            writerHeld.set(())
            let first = try await sale
            #expect(first.values.filter { $0.status == 201 }.count == 5)
            let refused = first.values.filter { $0.status == 409 }
            #expect(refused.count == buyers - 5, "\(Set(first.values.map(\.status)))")
            #expect(refused.allSatisfy { $0.errorCode == "out_of_stock" && $0.errorMessage == "Not enough stock of Zongzi for 1." })
            #expect(try await fixture.stock(of: product, shop: shop) == 0)
            #expect(app.sqlite.stockGate.load(of: product) == (held: 0, waiting: 0))
            for i in [0, 1, buyers / 2, buyers - 1] {
                let retry = try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)], key: "wait-\(i)")
                let answer = try #require(first[i])
                #expect(retry.status == answer.status)
                #expect(retry.body == answer.body)
                #expect(retry.header("Idempotent-Replayed") == "true")
            }
        }
    }

    @Test func aSoldOutAnswerIsStoredUnderItsKey_AndARestockReopens() async throws {
        try await withApp(.inProcess) { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, title: "Tea", stock: 1)
            let token = try await fixture.login()
            #expect(try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)]).status == 201)
            let refused = try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)], key: "late")
            #expect(refused.status == 409)
            #expect(refused.errorCode == "out_of_stock")
            #expect(app.sqlite.stockGate.load(of: product) == (held: 0, waiting: 0))

            let restock = try await client.patch("/v1/products/\(product)", json: #"{"stock":2}"#, headers: shop.auth)
            #expect(restock.status == 200)
            // The key keeps its first answer (docs/API.md, idempotency); a new key buys.
            let replay = try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)], key: "late")
            #expect(replay.status == 409)
            #expect(replay.header("Idempotent-Replayed") == "true")
            #expect(replay.body == refused.body)
            #expect(try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 2)]).status == 201)
            #expect(try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)]).errorCode == "out_of_stock")
        }
    }

    @Test func aCancellationReopensASoldOutProduct() async throws {
        try await withApp(.inProcess) { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, stock: 1)
            let token = try await fixture.login()
            let placed = try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)])
            let id = try #require(placed.json["id"] as? String)
            #expect(try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)]).errorCode == "out_of_stock")
            let cancel = try await client.post("/v1/orders/\(id)/cancel", headers: CommerceFixture.bearer(token))
            #expect(cancel.status == 200)
            #expect(try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)]).status == 201)
        }
    }

    @Test func anExpiryReopensASoldOutProduct() async throws {
        try await withApp(configure: { $0.orderTTLSeconds = 60 }) { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, stock: 1)
            let token = try await fixture.login()
            #expect(try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)]).status == 201)
            #expect(try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)]).errorCode == "out_of_stock")
            app.clock.advance(seconds: 60)
            #expect(try await app.app.services.expiry.runExpiry().count == 1)
            #expect(try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)]).status == 201)
        }
    }
}
