import CheckoutCore

extension StoreContract {
    static let shareCases: [Case] = [
        Case(name: "a link needs an active product of its shop, and counts a share") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let hidden = try await w.product(shop, active: false)
            let shares = try w.shares()
            let refused = try await checkoutError { try await shares.create(w.link(shop, hidden, user, code: "AAAAAAAA"), commit: nil) }
            try expect(refused.code == .invalidRequest && refused.param == "product_id", "refused: \(refused)")
            try expect(try await shares.link(code: "AAAAAAAA") == nil, "nothing stored")
            let link = w.link(shop, try await w.product(shop), user, code: "BBBBBBBB")
            _ = try await shares.create(link, commit: nil)
            try expect(try await shares.link(code: link.code) == link, "read back as made")
            let rows = try await shares.stats(shopID: shop.id, by: .channel, hours: nil)
            try expect(rows.map(\.key) == ["group"] && rows.first?.counters.shares == 1, "one share: \(rows)")
        },
        Case(name: "a viewer's clicks count once an hour, also when they arrive at once") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let shares = try w.shares()
            let link = w.link(shop, try await w.product(shop), user, code: "CCCCCCCC")
            _ = try await shares.create(link, commit: nil)
            let at = w.clock.now()
            let outcomes = try await withThrowingTaskGroup(of: ClickRule.Outcome?.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await shares.recordClick(ShareClick(code: link.code, viewer: "visitor:a", scene: 1008, at: at))?.outcome }
                }
                return try await group.reduce(into: [ClickRule.Outcome?]()) { $0.append($1) }
            }
            try expect(outcomes.filter { $0 == .firstVisit }.count == 1 && outcomes.filter { $0 == .repeatClick }.count == 5,
                       "one first visit, five repeats: \(outcomes)")
            let later = at.adding(seconds: ClickRule.repeatWindowSeconds)
            try expect(try await shares.recordClick(ShareClick(code: link.code, viewer: "visitor:a", scene: nil, at: later))?.outcome == .click,
                       "an hour later it counts again")
            try expect(try await shares.recordClick(ShareClick(code: "ZZZZZZZZ", viewer: "visitor:a", scene: nil, at: later)) == nil,
                       "an unknown code stores nothing")
            let scenes = try await shares.stats(shopID: shop.id, by: .scene, hours: nil)
            try expect(scenes.map(\.key) == [nil, "1008"] && scenes.map(\.counters.clicks) == [1, 1]
                       && scenes.map(\.counters.uniqueVisitors) == [0, 1], "by scene: \(scenes)")
            let mine = try await shares.links(sharerID: user.id, page: .first).data
            try expect(mine.first?.counters == ShareCounters(shares: 1, clicks: 2, uniqueVisitors: 1), "the link: \(mine)")
        },
        Case(name: "a credited order counts at placement and payment; a self-share credits nobody") { w in
            let (shop, sharer, buyer) = (try await w.shop(), try await w.user("sharer"), try await w.user("buyer"))
            let shares = try w.shares()
            let tea = try await w.product(shop, price: 1_200)
            let link = w.link(shop, tea, sharer, code: "DDDDDDDD")
            _ = try await shares.create(link, commit: nil)
            _ = try await shares.recordClick(ShareClick(code: link.code, viewer: "visitor:b", scene: nil, at: w.clock.now()))
            w.clock.advance(seconds: 60)
            var placement = w.placement(buyer, shop, [(tea, 2)])
            (placement.shareCode, placement.scene) = (link.code, 1007)
            let order = try await w.stores.orders.place(placement)
            var own = w.placement(sharer, shop, [(tea, 1)])
            own.shareCode = link.code
            let selfShare = try await w.stores.orders.place(own)
            try expect(try await shares.creditedShop(orderID: order.id) == shop.id, "credited")
            try expect(try await shares.creditedShop(orderID: selfShare.id) == nil, "a self-share is not")
            try await w.pay(order, amount: 2_400)
            let event = try await shares.paidEvent(orderID: order.id)
            try expect(event?.sharerID == sharer.id && event?.amountTotal == 2_400 && event?.scene == 1007, "event: \(String(describing: event))")
            try expect(try await shares.latestPaidSequence(shopID: shop.id) == event?.sequence, "the latest sequence")
            try expect(try await shares.paidEvents(shopID: shop.id, after: 0, limit: 10) == [event].compactMap { $0 }, "replayed")
            let hour = StatsHour.of(w.clock.now())
            let rows = try await shares.stats(shopID: shop.id, by: .sharer, hours: hour...hour)
            try expect(rows.map(\.key) == [sharer.id] && rows.first?.counters
                        == ShareCounters(shares: 1, clicks: 1, uniqueVisitors: 1, orders: 1, paidOrders: 1, gmv: 2_400),
                       "the sharer's row: \(rows)")
            let trending = try await shares.trending(shopID: shop.id, scene: 1007, hours: hour...hour, limit: 5)
            try expect(trending == [TrendingEntry(productID: tea.id, clicks: 0, paidOrders: 1)], "trending: \(trending)")
            // All scenes: the click without a scene and the payment filed under 0 and 1007 at once.
            let everywhere = try await shares.trending(shopID: shop.id, scene: nil, hours: hour...hour, limit: 5)
            try expect(everywhere == [TrendingEntry(productID: tea.id, clicks: 1, paidOrders: 1)], "trending, all scenes: \(everywhere)")
        },
        Case(name: "live tokens open for their shop until they expire") { w in
            let shop = try await w.shop()
            let shares = try w.shares()
            let expiry = w.clock.now().adding(seconds: LiveTokens.lifetimeSeconds)
            _ = try await shares.saveLiveToken(hash: "h1", shopID: shop.id, expiresAt: expiry, commit: nil)
            try expect(try await shares.liveTokenShop(hash: "h1", now: w.clock.now()) == shop.id, "open")
            try expect(try await shares.liveTokenShop(hash: "h1", now: expiry) == nil, "expired")
            try expect(try await shares.liveTokenShop(hash: "h2", now: w.clock.now()) == nil, "unknown")
        },
    ]
}

extension ContractWorld {
    func shares() throws -> any ShareStore {
        guard let shares = stores.shares else { throw ContractViolation(description: "the backend has no share store") }
        return shares
    }

    func link(_ shop: Shop, _ product: Product, _ sharer: User, code: String) -> ShareLink {
        ShareLink(code: code, shopID: shop.id, productID: product.id, sharerID: sharer.id, channel: .group,
                  createdAt: clock.now())
    }

    /// Pays `order` with a matching transaction.
    func pay(_ order: Order, amount: Int64) async throws {
        let tx = ProviderTransaction(outTradeNo: order.id, transactionID: "tx-\(order.id)", state: .paid, amount: amount,
                                     paidAt: clock.now(), payerOpenID: nil)
        let applied = try await stores.payments.apply(transaction: tx, provider: "wechatpay", now: clock.now(),
                                                      ids: RandomIDGenerator())
        try expect(applied.outcome == .paid, "paid, got \(applied.outcome)")
    }
}
