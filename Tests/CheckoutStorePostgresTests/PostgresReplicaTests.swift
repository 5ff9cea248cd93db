import CheckoutCore
import CheckoutStorePostgres
import CheckoutTesting
import Testing

/// Three replicas (own pools and services) on one PostgreSQL database, racing on purpose:
/// what must hold is enforced by the database, not by any one process.
@Suite struct PostgresReplicaTests {
    @Test func fiftyBuyersAcrossReplicas_BuyExactlyTheStock() async throws {
        try await PostgresReplicas.with { env in
            let shop = try await env.makeShop()
            let tea = try await env.makeProduct(in: shop, stock: 5)
            var users: [User] = []
            for index in 0..<50 { users.append(try await env.makeUser("buyer-\(index)")) }
            let results = await withTaskGroup(of: Bool.self) { group in
                for (index, user) in users.enumerated() {
                    group.addTask {
                        let replica = env.services[index % env.services.count]
                        do {
                            _ = try await replica.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft([(tea, 1)]))
                            return true
                        } catch let error as CheckoutError {
                            return error.code == .outOfStock ? false : true  // any other error would overcount: fail below
                        } catch {
                            return true
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 5)
            #expect(try await env.stock(tea.id) == 0)
            #expect(try await env.count("SELECT count(*) AS n FROM orders") == 5)
        }
    }

    @Test func oneKeyAtEveryReplicaAtOnce_PlacesOneOrder() async throws {
        try await PostgresReplicas.with { env in
            let shop = try await env.makeShop()
            let tea = try await env.makeProduct(in: shop, stock: 100)
            let user = try await env.makeUser()
            let claim = IdempotencyClaim(caller: "user:\(user.id)", key: "same-key", endpoint: "POST /v1/shops/\(shop.id)/orders",
                                         requestHash: "h")
            let outcomes = await withTaskGroup(of: String.self) { group in
                for replica in env.services + env.services {
                    group.addTask {
                        do {
                            let commit = IdempotentCommit<Order>(claim: claim, policy: IdempotencyPolicy(), now: env.clock.now()) {
                                result in IdempotentAnswer(status: (try? result.get()) == nil ? 409 : 201, body: [])
                            }
                            let outcome = try await replica.orders.placeOrder(
                                userID: user.id, shopID: shop.id, .success(env.draft([(tea, 1)])), commit: commit)
                            switch outcome {
                            case .done: return "placed"
                            case .replay: return "replay"
                            case .refused: return "refused"
                            }
                        } catch let error as CheckoutError {
                            return error.code.rawValue
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "placed" }.count == 1, "\(outcomes)")
            #expect(outcomes.allSatisfy { ["placed", "replay", "conflict"].contains($0) }, "\(outcomes)")
            #expect(try await env.count("SELECT count(*) AS n FROM orders") == 1)
            #expect(try await env.stock(tea.id) == 99)
        }
    }

    @Test func oneNotificationAtEveryReplica_PaysOnce() async throws {
        try await PostgresReplicas.with { env in
            let shop = try await env.makeShop()
            let tea = try await env.makeProduct(in: shop, price: 880, stock: 3)
            let user = try await env.makeUser()
            let order = try await env.first.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft([(tea, 1)]))
            let notification = PaymentNotification(
                provider: "sandbox", notificationID: "notif-1", eventType: "TRANSACTION.SUCCESS", rawBody: Array("{}".utf8),
                resource: nil, serial: "S1",
                event: .transaction(ProviderTransaction(outTradeNo: order.id, transactionID: "tx-1", state: .paid, amount: 880)))
            let outcomes = try await withThrowingTaskGroup(of: PaymentOutcome.self) { group in
                for storage in env.storages + env.storages {
                    group.addTask {
                        try await storage.stores.payments.apply(notification, now: env.clock.now(), ids: RandomIDGenerator()).outcome
                    }
                }
                return try await group.reduce(into: [PaymentOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .paid }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == .duplicate }.count == 5, "\(outcomes)")
            #expect(try await env.count("SELECT count(*) AS n FROM payments WHERE status = 'succeeded'") == 1)
            #expect(try await env.count("SELECT count(*) AS n FROM payment_notifications") == 6)
            #expect(try await env.first.orders.order(id: order.id, viewer: .user(user.id)).status == .paid)
        }
    }

    @Test func everyReplicaExpiringAtOnce_ExpiresEachOrderOnce() async throws {
        try await PostgresReplicas.with(orderTTL: 60) { env in
            let shop = try await env.makeShop()
            let tea = try await env.makeProduct(in: shop, stock: 40)
            let user = try await env.makeUser()
            for _ in 0..<20 {
                _ = try await env.first.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft([(tea, 2)]))
            }
            #expect(try await env.stock(tea.id) == 0)
            env.clock.advance(seconds: 61)
            let expired = try await withThrowingTaskGroup(of: [String].self) { group in
                for replica in env.services {
                    group.addTask { try await replica.orders.expireDue(batchSize: 7) + replica.orders.expireDue(batchSize: 7) }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            let rest = try await env.first.orders.expireDue()
            #expect(expired.count + rest.count == 20)
            #expect(Set(expired + rest).count == 20)
            #expect(try await env.stock(tea.id) == 40)
        }
    }

    @Test func concurrentRefunds_NeverExceedThePaidAmount() async throws {
        try await PostgresReplicas.with { env in
            let shop = try await env.makeShop()
            let tea = try await env.makeProduct(in: shop, price: 1000)
            let user = try await env.makeUser()
            let order = try await env.first.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft([(tea, 1)]))
            let paid = PaymentNotification(
                provider: "sandbox", notificationID: "n-paid", eventType: "TRANSACTION.SUCCESS", rawBody: [], resource: nil,
                serial: nil,
                event: .transaction(ProviderTransaction(outTradeNo: order.id, transactionID: "tx", state: .paid, amount: 1000)))
            _ = try await env.storages[0].stores.payments.apply(paid, now: env.clock.now(), ids: RandomIDGenerator())
            let created = await withTaskGroup(of: Bool.self) { group in
                for (index, storage) in (env.storages + env.storages).enumerated() {
                    group.addTask {
                        (try? await storage.stores.payments.createRefund(
                            orderID: order.id, shopID: shop.id, amount: 400, reason: nil, newID: "re_\(index)",
                            now: env.clock.now(), commit: nil)) != nil
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(created == 2)
            #expect(try await env.count("SELECT coalesce(sum(amount), 0)::bigint AS n FROM refunds") == 800)
        }
    }
}
