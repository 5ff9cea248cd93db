import CheckoutThreads
import Testing
@testable import CheckoutCore

@Suite struct LiveStreamHubTests {
    let clock = ManualClock()
    let store = MemoryShareEvents()
    let bus = LocalShareEventBus()

    /// Messages rendered as short tags, so a test reads what was sent in order.
    static func tag(_ message: LiveMessage) -> [UInt8] {
        switch message {
        case .counters(let last60s, let today):
            Array("counters \(last60s.clicks)/\(last60s.gmv) \(today.clicks)".utf8)
        case .orderPaid(let event): Array("paid \(event.sequence)".utf8)
        case .keepAlive: Array("keepalive".utf8)
        }
    }

    func makeHub(bufferLimit: Int = 256) -> LiveStreamHub {
        var configuration = LiveStreamHub.Configuration()
        configuration.bufferLimit = bufferLimit
        configuration.replayLimit = 3
        return LiveStreamHub(store: store, bus: bus, clock: clock, configuration: configuration, encode: Self.tag)
    }

    func paid(_ sequence: Int64, shop: String = "shop_1", sharer: String? = "usr_s") -> PaidOrderEvent {
        PaidOrderEvent(sequence: sequence, shopID: shop, orderID: "ord_\(sequence)", amountTotal: 100, shareCode: nil,
                       scene: 1008, sharerID: sharer, paidAt: clock.now())
    }

    /// The next message as its tag, a counters event's id after the word: `counters 5-1 0/0 9`.
    func next(_ iterator: inout AsyncStream<[UInt8]>.Iterator) async -> String? {
        guard let text = await iterator.next().map({ String(decoding: $0, as: UTF8.self) }) else { return nil }
        guard text.hasPrefix("id: "), let newline = text.firstIndex(of: "\n") else { return text }
        let id = text[text.index(text.startIndex, offsetBy: 4)..<newline]
        let tag = text[text.index(after: newline)...]
        #expect(tag.hasPrefix("counters ") || tag == "paid \(id)", "\(text)")
        return tag.hasPrefix("counters ") ? "counters \(id) " + tag.dropFirst("counters ".count) : String(tag)
    }

    @Test func aNewStreamStartsWithCountersThenGetsPaidOrdersAndCountersEachTick() async throws {
        store.add(paid(5))
        store.hourRows.withLock { $0 = [StatsRow(key: "h", counters: ShareCounters(clicks: 9))] }
        let hub = makeHub()
        var stream = try await hub.subscribe(shopID: "shop_1", lastEventID: nil).makeAsyncIterator()
        #expect(await next(&stream) == "counters 5-1 0/0 9")
        bus.publish(.click(shopID: "shop_1", at: clock.now(), firstVisit: true))
        bus.publish(.paid(paid(6)))
        bus.publish(.paid(paid(7, shop: "shop_2")))
        #expect(await next(&stream) == "paid 6")
        await hub.tick()
        #expect(await next(&stream) == "counters 6-2 1/100 9")
        #expect(hub.subscriberCount == 1)
    }

    /// An event's own time may come from elsewhere (a payment's `success_time` is the platform's
    /// clock: the sandbox's wall clock against a test's manual clock). Filed at that time, a paid
    /// order ten days ahead landed in the slot of the same second of the minute and wiped the
    /// click and share counted there (`last_60s` read 0 once in 60 runs). Events count when they
    /// arrive, on the hub's clock.
    @Test func lastSixtySecondsCountEventsWhenTheyArriveWhateverTimeTheyCarry() async throws {
        let hub = makeHub()
        var stream = try await hub.subscribe(shopID: "shop_1", lastEventID: nil).makeAsyncIterator()
        #expect(await next(&stream) == "counters 0-1 0/0 0")
        bus.publish(.share(shopID: "shop_1", at: clock.now()))
        bus.publish(.click(shopID: "shop_1", at: clock.now(), firstVisit: true))
        var late = paid(1)
        late.paidAt = clock.now().adding(seconds: 10 * 86_400)
        var early = paid(2)
        early.paidAt = clock.now().adding(seconds: -7_200)
        bus.publish(.paid(late))
        bus.publish(.paid(early))
        #expect(await next(&stream) == "paid 1")
        #expect(await next(&stream) == "paid 2")
        await hub.tick()
        #expect(await next(&stream) == "counters 2-2 1/200 0")
        clock.advance(seconds: 60)
        await hub.tick()
        #expect(await next(&stream) == "counters 2-3 0/0 0")
    }

    @Test func lastEventIDReplaysTheMissedPaidOrdersUpToTheLimit() async throws {
        for sequence in 1...6 { store.add(paid(Int64(sequence))) }
        let hub = makeHub()
        var stream = try await hub.subscribe(shopID: "shop_1", lastEventID: "1-4").makeAsyncIterator()
        #expect(await next(&stream) == "paid 4")
        #expect(await next(&stream) == "paid 5")
        #expect(await next(&stream) == "paid 6")
        #expect(await next(&stream) == "counters 6-1 0/0 0")
        bus.publish(.paid(paid(6)))  // already sent: not twice
        bus.publish(.paid(paid(8)))
        #expect(await next(&stream) == "paid 8")
    }

    @Test func aKeepAliveCommentGoesOutEveryFifteenTicks() async throws {
        let hub = makeHub()
        var stream = try await hub.subscribe(shopID: "shop_1", lastEventID: nil).makeAsyncIterator()
        _ = await next(&stream)
        var lines: [String] = []
        for _ in 1...15 { await hub.tick() }
        for _ in 1...16 { lines.append(await next(&stream) ?? "") }
        #expect(lines.filter { $0 == "keepalive" }.count == 1)
        #expect(lines[14] == "keepalive")
    }

    @Test func aSubscriberThatStopsReadingIsClosedAtTheBound() async throws {
        let hub = makeHub(bufferLimit: 4)
        let stream = try await hub.subscribe(shopID: "shop_1", lastEventID: nil)
        for _ in 1...3 { await hub.tick() }
        #expect(hub.subscriberCount == 1)
        await hub.tick()
        #expect(hub.subscriberCount == 0)
        var count = 0
        for await _ in stream { count += 1 }
        #expect(count == 4)
    }

    @Test func aStreamThatEndsFreesItsSubscription() async throws {
        let hub = makeHub()
        let task = Task { [hub] in
            for await _ in try await hub.subscribe(shopID: "shop_1", lastEventID: nil) {}
        }
        while hub.subscriberCount == 0 { await Task.yield() }
        task.cancel()
        _ = await task.result
        #expect(hub.subscriberCount == 0)
    }
}
