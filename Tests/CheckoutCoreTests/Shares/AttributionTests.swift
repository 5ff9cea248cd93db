import Testing
@testable import CheckoutCore

@Suite struct AttributionTests {
    let clock = ManualClock()
    let link = ShareLink(code: "abcdEFGH1234", shopID: "shop_1", productID: "prod_1", sharerID: "usr_sharer",
                         channel: .group, createdAt: ManualClock().now())

    func credited(lastClickAt: Timestamp?, shopID: String = "shop_1", buyer: String = "usr_buyer",
                  link: ShareLink? = nil) -> Bool {
        Attribution.creditedLink(link ?? self.link, lastClickAt: lastClickAt, shopID: shopID, buyerID: buyer,
                                 placedAt: clock.now()) != nil
    }

    @Test func anOrderWithinSevenDaysAfterAClickIsCredited() {
        let click = clock.now()
        #expect(credited(lastClickAt: click))
        clock.advance(seconds: 7 * 86_400)
        #expect(credited(lastClickAt: click))
        clock.advance(seconds: 1)
        #expect(!credited(lastClickAt: click))
    }

    @Test func withoutAClickOrWithAClickInTheFutureNothingIsCredited() {
        #expect(!credited(lastClickAt: nil))
        #expect(!credited(lastClickAt: clock.now().adding(seconds: 1)))
    }

    @Test func anotherShopsLinkCreditsNobody() {
        #expect(!credited(lastClickAt: clock.now(), shopID: "shop_2"))
    }

    @Test func aSelfShareCreditsNobody() {
        #expect(!credited(lastClickAt: clock.now(), buyer: "usr_sharer"))
    }

    @Test func anUnknownLinkCreditsNobody() {
        #expect(Attribution.creditedLink(nil, lastClickAt: clock.now(), shopID: "shop_1", buyerID: "usr_b",
                                         placedAt: clock.now()) == nil)
    }

    @Test func aRepeatWithinTheHourIsFoldedAndLaterOnesCount() {
        let first = clock.now()
        #expect(ClickRule.outcome(lastCountedAt: nil, now: first) == .firstVisit)
        clock.advance(seconds: 3599)
        #expect(ClickRule.outcome(lastCountedAt: first, now: clock.now()) == .repeatClick)
        clock.advance(seconds: 1)
        #expect(ClickRule.outcome(lastCountedAt: first, now: clock.now()) == .click)
    }
}
