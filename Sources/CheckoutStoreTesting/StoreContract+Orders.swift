import CheckoutCore

extension StoreContract {
    static let orderCases: [Case] = [
        Case(name: "stock never goes below zero, whatever the concurrency") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let tea = try await w.product(shop, stock: 5)
            let placed = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask { (try? await w.stores.orders.place(w.placement(user, shop, [(tea, 1)]))) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            try expect(placed == 5, "5 of 20 placements succeed, got \(placed)")
            try expect(try await w.stock(tea) == 0, "stock ends at 0")
        },
        Case(name: "a failing line rolls the whole placement back") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let (cup, tea) = (try await w.product(shop, title: "Cup", stock: 5), try await w.product(shop, stock: 1))
            let error = try await checkoutError { try await w.stores.orders.place(w.placement(user, shop, [(cup, 2), (tea, 2)])) }
            try expect(error.code == .outOfStock && error.param == "items[1].quantity", "out_of_stock on items[1], got \(error)")
            try expect(try await w.stock(cup) == 5, "the first line's reservation is rolled back")
            let page = try await w.stores.orders.orders(of: .user(user.id), status: nil, page: .first)
            try expect(page.data.isEmpty, "no order row is left")
        },
        Case(name: "an order and its key's answer commit together; the key replays") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let tea = try await w.product(shop, stock: 10)
            let commit: IdempotentCommit<Order> = w.commit("k1") { $0.id }
            let first = try await w.stores.orders.place(.success(w.placement(user, shop, [(tea, 1)])), commit: commit)
            guard case .done(let order, let answer?) = first else { throw ContractViolation(description: "placed: \(first)") }
            let again = try await w.stores.orders.place(.success(w.placement(user, shop, [(tea, 1)])), commit: commit)
            guard case .replay(let replayed) = again else { throw ContractViolation(description: "replay: \(again)") }
            try expect(replayed == answer && answer.body == Array(order.id.utf8), "the replay is the first answer")
            try expect(try await w.stock(tea) == 9, "one reservation only")
            let reused = try await checkoutError {
                try await w.stores.orders.place(.success(w.placement(user, shop, [(tea, 1)])),
                                                commit: w.commit("k1", hash: "other") { $0.id })
            }
            try expect(reused.code == .idempotencyKeyReused, "another body is idempotency_key_reused, got \(reused)")
            let refused = try await w.stores.orders.place(.success(w.placement(user, shop, [(tea, 99)])),
                                                          commit: w.commit("k2") { $0.id })
            guard case .refused = refused else { throw ContractViolation(description: "out of stock is refused: \(refused)") }
            let storedError = try await w.stores.idempotency.answer(for: IdempotencyClaim(
                caller: "user:contract", key: "k2", endpoint: "POST /contract", requestHash: "h"),
                policy: IdempotencyPolicy(), now: w.clock.now())
            try expect(storedError?.status == 409, "a client error is stored as the key's answer")
            try expect(try await w.stock(tea) == 9, "the refused placement reserved nothing")
        },
        Case(name: "a status change is guarded and releases stock once") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let tea = try await w.product(shop, stock: 3)
            let order = try await w.stores.orders.place(w.placement(user, shop, [(tea, 2)]))
            let cancel: @Sendable (inout Order) throws -> Bool = { order in
                try order.status.transition(to: .cancelled)
                order.cancellationReason = .requested
                return true
            }
            _ = try await w.stores.orders.update(id: order.id, commit: nil, cancel).get()
            let again = try await checkoutError { try await w.stores.orders.update(id: order.id, commit: nil, cancel).get() }
            try expect(again.code == .invalidState, "a second cancel is invalid_state, got \(again)")
            try expect(try await w.stock(tea) == 3, "stock released exactly once")
            let missing = try await checkoutError { try await w.stores.orders.update(id: "ord_missing", commit: nil, cancel).get() }
            try expect(missing.code == .notFound, "an unknown order is not_found")
        },
        Case(name: "expiry claims each due order once, even from concurrent passes") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let tea = try await w.product(shop, stock: 10)
            for _ in 0..<6 { _ = try await w.stores.orders.place(w.placement(user, shop, [(tea, 1)])) }
            let due = w.clock.now().adding(seconds: 901)
            let expired = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 { group.addTask { try await w.stores.orders.expireDue(now: due, limit: 4) } }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            let rest = try await w.stores.orders.expireDue(now: due, limit: 10)
            try expect((expired + rest).count == 6 && Set(expired + rest).count == 6, "six orders, each expired once")
            try expect(try await w.stock(tea) == 10, "their stock is back, once")
        },
        Case(name: "lists are newest first with keyset pages; a foreign cursor is invalid_request") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let tea = try await w.product(shop)
            var ids: [String] = []
            for _ in 0..<3 {
                ids.append(try await w.stores.orders.place(w.placement(user, shop, [(tea, 1)])).id)
                w.clock.advance(seconds: 1)
            }
            let first = try await w.stores.orders.orders(of: .user(user.id), status: nil, page: try PageRequest(limit: 2))
            try expect(first.data.map(\.id) == [ids[2], ids[1]] && first.hasMore, "newest first, has_more")
            let next = try await w.stores.orders.orders(of: .shop(shop.id), status: .pendingPayment,
                                                        page: try PageRequest(limit: 2, startingAfter: ids[1]))
            try expect(next.data.map(\.id) == [ids[0]] && !next.hasMore, "the page after the cursor")
            let foreign = try await checkoutError {
                try await w.stores.orders.orders(of: .user("usr_other"), status: nil, page: try PageRequest(startingAfter: ids[0]))
            }
            try expect(foreign.param == "starting_after", "a cursor of another scope is refused")
            try expect(try await w.stores.orders.countsByStatus() == [.pendingPayment: 3], "counts by status")
        },
    ]
}
