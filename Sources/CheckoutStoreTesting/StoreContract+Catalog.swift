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
            try expect(try await w.stores.products.activeProducts(ofShop: "shop_none", page: try PageRequest(startingAfter: made[0].id))
                       == nil, "unknown shop with another shop's cursor")
            let empty = try await w.shop()
            try expect(try await w.stores.products.activeProducts(ofShop: empty.id, page: .first) == Page(data: [], hasMore: false),
                       "a shop without products: an empty page, not an unknown shop")
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
                                                        at: w.clock.now(), commit: nil) { _, current in (current ?? 0) + 3 }
            }
            let lines = try await w.stores.carts.lines(userID: user.id, shopID: shop.id)
            try expect(lines.map(\.quantity) == [6], "3 + 3, got \(lines.map(\.quantity))")
            let removed = try await w.stores.carts.updateLine(userID: user.id, shopID: shop.id, productID: tea.id,
                                                              at: w.clock.now(), commit: nil) { _, _ in 0 }.get()
            try expect(removed.isEmpty, "0 removes the line")
        },
        Case(name: "keyed shop, product, cart, share-link and live-token writes run once per key, then replay") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let tea = try await w.product(shop)
            for round in 0..<2 {
                let added = try await w.stores.carts.updateLine(
                    userID: user.id, shopID: shop.id, productID: tea.id, at: w.clock.now(),
                    commit: w.commit("cart-1") { (lines: [CartLine]) in "\(lines.first?.quantity ?? 0)" }
                ) { _, current in (current ?? 0) + 3 }
                switch (round, added) {
                case (0, .done(_, let answer?)): try expect(answer.body == Array("3".utf8), "the answer commits")
                case (1, .replay(let answer)): try expect(answer.body == Array("3".utf8), "the replay")
                default: throw ContractViolation(description: "cart round \(round): \(added)")
                }
            }
            try expect(try await w.stores.carts.lines(userID: user.id, shopID: shop.id).map(\.quantity) == [3], "added once")
            let other = Shop(id: "shop_keyed", name: "Keyed", currency: .cny, createdAt: w.clock.now())
            for round in 0..<2 {
                let made = try await w.stores.shops.insert(other, secretKeyHash: "hash-keyed", commit: w.commit("shop-1") { $0.id })
                try expect(round == 0 ? made.isDone : made.isReplay, "shop round \(round)")
            }
            var product = tea
            product.id = "prod_keyed"
            for round in 0..<2 {
                let made = try await w.stores.products.insert(product, commit: w.commit("product-1") { $0.id })
                try expect(round == 0 ? made.isDone : made.isReplay, "product round \(round)")
            }
            guard let shares = w.stores.shares else { return }
            let link = ShareLink(code: "keyedLink001", shopID: shop.id, productID: tea.id, sharerID: user.id,
                                 channel: .chat, createdAt: w.clock.now())
            for round in 0..<2 {
                let made = try await shares.create(link, commit: w.commit("link-1") { $0.code })
                try expect(round == 0 ? made.isDone : made.isReplay, "share link round \(round)")
            }
            let expires = w.clock.now().adding(seconds: 600)
            for round in 0..<2 {
                let made = try await shares.saveLiveToken(hash: "live-\(round)", shopID: shop.id, expiresAt: expires,
                                                          commit: w.commit("live-1") { _ in "t" })
                try expect(round == 0 ? made.isDone : made.isReplay, "live token round \(round)")
            }
            try expect(try await shares.liveTokenShop(hash: "live-1", now: w.clock.now()) == nil, "the replay stored no token")
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

extension IdempotentOutcome {
    /// The write ran and committed (with its key's answer).
    fileprivate var isDone: Bool { if case .done(_, _?) = self { true } else { false } }
    /// The key's stored answer came back and nothing ran.
    fileprivate var isReplay: Bool { if case .replay = self { true } else { false } }
}
