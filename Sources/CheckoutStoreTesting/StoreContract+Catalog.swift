import CheckoutCore

extension StoreContract {
    static let catalogCases: [Case] = [
        Case(name: "products page newest first; the public list hides inactive ones and knows unknown shops") { w in
            let shop = try await w.shop()
            var made: [Product] = []
            for i in 0..<3 {
                made.append(try await w.product(shop, title: "P\(i)", active: i != 1))
                w.clock.advance(seconds: 1)
            }
            let all = try await w.stores.products.products(shopID: shop.id, activeOnly: false, page: try PageRequest(limit: 2))
            try expect(all.data.map(\.id) == [made[2].id, made[1].id] && all.hasMore, "newest first")
            let visible = try await w.stores.products.activeProducts(ofShop: shop.id, page: .first)
            try expect(visible?.data.map(\.id) == [made[2].id, made[0].id], "inactive hidden")
            try expect(try await w.stores.products.activeProducts(ofShop: "shop_none", page: .first) == nil, "unknown shop")
            let changed = try await w.stores.products.update(id: made[0].id, shopID: "shop_other") { $0.price = 1 }
            try expect(changed == nil, "another shop's product is not changed")
            try expect(try await w.stores.shops.hasShops(), "a shop exists")
        },
        Case(name: "one shopper per platform and openid; sessions expire and revoke once") { w in
            let first = try await w.services.sessions.createSession(platform: .sandbox, openid: "o1")
            let second = try await w.services.sessions.createSession(platform: .sandbox, openid: "o1")
            try expect(first.user.id == second.user.id, "the same shopper")
            let session = try await w.stores.sessions.session(tokenHash: SecretToken.hash(first.token), now: w.clock.now())
            try expect(session?.user == first.user, "the session finds its shopper")
            try expect(try await w.stores.sessions.revokeSession(tokenHash: SecretToken.hash(first.token), at: w.clock.now()),
                       "revoked")
            try expect(try await !w.stores.sessions.revokeSession(tokenHash: SecretToken.hash(first.token), at: w.clock.now()),
                       "revoked once")
            let later = w.clock.now().adding(seconds: 8 * 86_400)
            try expect(try await w.stores.sessions.session(tokenHash: SecretToken.hash(second.token), now: later) == nil,
                       "expired sessions are not found")
        },
        Case(name: "a cart line is read, decided and written in one step") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let tea = try await w.product(shop)
            for _ in 0..<2 {
                _ = try await w.stores.carts.updateLine(userID: user.id, shopID: shop.id, productID: tea.id,
                                                        at: w.clock.now()) { _, current in (current ?? 0) + 3 }
            }
            let lines = try await w.stores.carts.lines(userID: user.id, shopID: shop.id)
            try expect(lines.map(\.quantity) == [6], "3 + 3, got \(lines.map(\.quantity))")
            let removed = try await w.stores.carts.updateLine(userID: user.id, shopID: shop.id, productID: tea.id,
                                                              at: w.clock.now()) { _, _ in 0 }
            try expect(removed.isEmpty, "0 removes the line")
        },
        Case(name: "idempotency answers are kept for their retention, then purged") { w in
            let claim = IdempotencyClaim(caller: "shop:s", key: "k", endpoint: "POST /v1/products", requestHash: "h")
            let answer = IdempotentAnswer(status: 201, body: Array("{}".utf8))
            let policy = IdempotencyPolicy()
            try expect(try await w.stores.idempotency.store(answer, for: claim, policy: policy, now: w.clock.now()) == answer,
                       "stored")
            let other = IdempotentAnswer(status: 400, body: [])
            try expect(try await w.stores.idempotency.store(other, for: claim, policy: policy, now: w.clock.now()) == answer,
                       "the first answer stays")
            try expect(try await w.stores.idempotency.answer(for: claim, policy: policy, now: w.clock.now()) == answer, "read")
            try expect(try await w.stores.idempotency.purge(createdBefore: w.clock.now()) == 1, "purged")
            try expect(try await w.stores.idempotency.answer(for: claim, policy: policy, now: w.clock.now()) == nil, "gone")
            try await w.stores.health.checkReady()
        },
    ]
}
