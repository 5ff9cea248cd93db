import Testing
@testable import CheckoutCore

/// One level only, with no I/O: an order earns for the owner of the link it names, never for
/// whoever brought that sharer (their upline), whatever the chain of shares and clicks.
@Suite struct CommissionOneLevelTests {
    let clock = ManualClock()
    let program = RewardProgram(enabled: true, rateBps: 1000, freezeDays: 7)

    func link(_ code: String, of sharer: String) -> ShareLink {
        ShareLink(code: code, shopID: "shop_1", productID: "prod_1", sharerID: sharer, channel: .group,
                  createdAt: clock.now())
    }

    /// What `buyer`'s order through `link` earns, and for whom, as payment computes it.
    func earned(buyer: String, through link: ShareLink?, id: String) -> (sharer: String, amount: Int64)? {
        let order = Order.makeCredited(id: id, buyer: buyer, shareCode: link?.code, at: clock.now())
        let credited = Attribution.creditedLink(link, lastClickAt: clock.now(), shopID: order.shopID,
                                                buyerID: buyer, placedAt: clock.now())
        let earning = Commission.Earning(id: "cm_\(id)", order: order, sharer: credited?.sharerID, program: program,
                                         productRates: [:], paidAmount: order.amountTotal, now: clock.now())
        return Commission.earn(earning).map { ($0.0.sharer, $0.0.amount) }
    }

    @Test func aChainOfSharesCreditsEachOrdersOwnSharerNeverTheUpline() throws {
        // A brings B; B, now a sharer, brings C; C brings D.
        let a = link("linkOfA0001", of: "usr_a"), b = link("linkOfB0001", of: "usr_b"), c = link("linkOfC0001", of: "usr_c")
        var credited: [String: Int64] = [:]
        for (buyer, through, id) in [("usr_b", a, "ord_1"), ("usr_c", b, "ord_2"), ("usr_d", c, "ord_3")] {
            let (sharer, amount) = try #require(earned(buyer: buyer, through: through, id: id))
            #expect(sharer == through.sharerID)
            credited[sharer, default: 0] += amount
            clock.advance(seconds: 60)
        }
        #expect(credited == ["usr_a": 1000, "usr_b": 1000, "usr_c": 1000])
    }

    @Test func anUplinesOwnClickOrLinkNeverRedirectsTheCredit() throws {
        let sharer = link("linkOfB0001", of: "usr_b")
        // Credit follows the link the order names, never a chain: A, who brought B, is no input.
        #expect(try #require(earned(buyer: "usr_c", through: sharer, id: "ord_1")).sharer == "usr_b")
        // The sharer buying through their own link earns nothing, and nothing goes up to A.
        #expect(earned(buyer: "usr_b", through: sharer, id: "ord_2") == nil)
        // An order naming no link earns nothing, whoever brought the buyer.
        #expect(earned(buyer: "usr_c", through: nil, id: "ord_3") == nil)
        // The upline buying through the sharer's link is just a buyer: B earns.
        #expect(try #require(earned(buyer: "usr_a", through: sharer, id: "ord_4")).sharer == "usr_b")
    }
}
