import Testing
@testable import CheckoutCore

@Suite struct LiveWindowTests {
    @Test func sumsTheLastSixtySecondsOnly() {
        let clock = ManualClock()
        var window = LiveWindow()
        window.record(ShareCounters(clicks: 1), at: clock.now())
        clock.advance(seconds: 30)
        window.record(ShareCounters(clicks: 2, paidOrders: 1, gmv: 500), at: clock.now())
        #expect(window.total(at: clock.now()) == ShareCounters(clicks: 3, paidOrders: 1, gmv: 500))
        clock.advance(seconds: 29)
        #expect(window.total(at: clock.now()).clicks == 3)
        clock.advance(seconds: 1)
        #expect(window.total(at: clock.now()) == ShareCounters(clicks: 2, paidOrders: 1, gmv: 500))
        clock.advance(seconds: 30)
        #expect(window.total(at: clock.now()) == ShareCounters())
        #expect(window.isIdle(at: clock.now()))
    }

    @Test func aSlotIsReusedAfterAMinuteNotAdded() {
        let clock = ManualClock()
        var window = LiveWindow()
        window.record(ShareCounters(clicks: 5), at: clock.now())
        clock.advance(seconds: 60)
        window.record(ShareCounters(clicks: 1), at: clock.now())
        #expect(window.total(at: clock.now()).clicks == 1)
    }

    @Test func eventsOlderThanTheWindowAreIgnored() {
        let clock = ManualClock()
        var window = LiveWindow()
        window.record(ShareCounters(clicks: 1), at: clock.now())
        window.record(ShareCounters(clicks: 7), at: clock.now().adding(seconds: -61))
        #expect(window.total(at: clock.now()).clicks == 1)
        window.record(ShareCounters(clicks: 2), at: clock.now().adding(seconds: -3))
        #expect(window.total(at: clock.now()).clicks == 3)
    }

    @Test func lastEventIDNamesTheLastPaidSequence() {
        #expect(LiveMessage.sequence(lastEventID: "42") == 42)
        #expect(LiveMessage.sequence(lastEventID: "42-7") == 42)
        #expect(LiveMessage.sequence(lastEventID: "0-1") == 0)
        for bad in [nil, "", "-1", "x42", "9999999999999999999999"] as [String?] {
            #expect(LiveMessage.sequence(lastEventID: bad) == nil)
        }
    }
}
