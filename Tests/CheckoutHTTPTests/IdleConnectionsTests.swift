@testable import CheckoutHTTP
import CheckoutTesting
import Testing

/// The idle list on an injected clock, without sockets: least recently idle first, O(1)
/// removal from anywhere, slots reused.
@Suite struct IdleConnectionsTests {
    @Test func entries_ComeOutLeastRecentlyIdleFirst() {
        var list = IdleConnections()
        #expect(list.oldest == nil)
        _ = list.append(7, since: 100)
        _ = list.append(3, since: 200)
        _ = list.append(9, since: 300)
        #expect(list.entries.map(\.id) == [7, 3, 9])
        #expect(list.oldest == .init(id: 7, since: 100))
        #expect(list.count == 3)
    }

    @Test func removing_FromTheMiddleTheEndsAndTheOnlyEntry_KeepsTheOrder() {
        var list = IdleConnections()
        let a = list.append(1, since: 0), b = list.append(2, since: 1), c = list.append(3, since: 2)
        let d = list.append(4, since: 3)
        list.remove(slot: b)
        #expect(list.entries.map(\.id) == [1, 3, 4])
        list.remove(slot: a)
        #expect(list.entries.map(\.id) == [3, 4])
        #expect(list.oldest?.id == 3)
        list.remove(slot: d)
        #expect(list.entries.map(\.id) == [3])
        list.remove(slot: c)
        #expect(list.isEmpty && list.oldest == nil && list.entries.isEmpty)
        _ = list.append(5, since: 9)
        #expect(list.entries.map(\.id) == [5])
    }

    @Test func popOldest_TakesFromTheOldestEndUntilEmpty() {
        var list = IdleConnections()
        _ = list.append(4, since: 1)
        let middle = list.append(5, since: 2)
        _ = list.append(6, since: 3)
        list.remove(slot: middle)
        #expect(list.popOldest() == .init(id: 4, since: 1))
        #expect(list.popOldest() == .init(id: 6, since: 3))
        #expect(list.popOldest() == nil)
        #expect(list.isEmpty)
    }

    @Test func aConnectionThatWorkedAndWentIdleAgain_MovesToTheNewestEnd() {
        var list = IdleConnections()
        var slots: [UInt64: Int] = [:]
        for id: UInt64 in 1...4 { slots[id] = list.append(id, since: Int64(id) * 10) }
        // Connection 1 receives a request at t=50 (leaves the list) and is idle again at t=60.
        list.remove(slot: slots[1]!)
        slots[1] = list.append(1, since: 60)
        #expect(list.entries.map(\.id) == [2, 3, 4, 1])
        #expect(list.entries.map(\.since) == [20, 30, 40, 60])
    }

    /// Random appends and removals against a plain array model: order, count and slot reuse
    /// (the slot array never grows past the most entries held at once).
    @Test func randomChurn_MatchesAnArrayModel() {
        var random = SplitMix64(seed: 0x1D1E)
        var list = IdleConnections()
        var model: [(id: UInt64, slot: Int)] = []
        var nextID: UInt64 = 1
        var most = 0
        var slotsSeen = Set<Int>()
        for step in 0..<20_000 {
            if model.isEmpty || random.next() % 3 != 0 {
                let slot = list.append(nextID, since: Int64(step))
                model.append((nextID, slot))
                slotsSeen.insert(slot)
                nextID += 1
            } else {
                let index = Int(random.next() % UInt64(model.count))
                list.remove(slot: model.remove(at: index).slot)
            }
            most = max(most, model.count)
            #expect(list.count == model.count)
            #expect(list.oldest?.id == model.first?.id)
        }
        #expect(list.entries.map(\.id) == model.map(\.id))
        #expect(slotsSeen.count == most)
    }
}
