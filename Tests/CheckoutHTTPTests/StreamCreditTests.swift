@testable import CheckoutHTTP
import Synchronization
import Testing

/// The pump of a streamed body waits while `window` bytes are outstanding, and stops when
/// the connection closes.
@Suite struct StreamCreditTests {
    @Test func underTheWindow_ThePumpGoesOn() async {
        let credit = StreamCredit(window: 100)
        #expect(await credit.waitForRoom())
        credit.posting(99)
        #expect(await credit.waitForRoom())
    }

    @Test func atTheWindow_ThePumpWaitsUntilTheSocketTakesBytes() async {
        let credit = StreamCredit(window: 100)
        credit.posting(150)
        let resumed = Atomic<Bool>(false)
        let pump = Task {
            let ready = await credit.waitForRoom()
            resumed.store(true, ordering: .sequentiallyConsistent)
            return ready
        }
        credit.consumed(40)  // 110 outstanding: still waiting
        let early = resumed.load(ordering: .sequentiallyConsistent)
        #expect(!early)
        credit.consumed(60)  // 90 outstanding
        #expect(await pump.value)
    }

    @Test func closing_StopsAWaitingPump_AndEveryLaterOne() async {
        let credit = StreamCredit(window: 10)
        credit.posting(10)
        let pump = Task { await credit.waitForRoom() }
        credit.close()
        #expect(await pump.value == false)
        credit.consumed(10)
        #expect(await credit.waitForRoom() == false)
    }

    @Test func consumed_NeverMovesBackwards() async {
        let credit = StreamCredit(window: 10)
        credit.posting(20)
        credit.consumed(15)
        credit.consumed(5)  // a stale report (framing bytes still unsent) changes nothing
        #expect(await credit.waitForRoom())
    }
}
