import CheckoutThreads
import Testing

/// `withDeadline`: the body's answer or the deadline's, and no timer left sleeping after the body.
struct DeadlineTests {
    struct Late: Error {}
    struct Failed: Error {}
    /// Something the timeout closure holds: freed once nothing can call that closure any more.
    final class Marker: Sendable {}
    final class WeakMarker: @unchecked Sendable { weak var marker: Marker? }

    @Test func aBodyThatFinishesFirst_AnswersWithItsValueOrItsError() async throws {
        let value = try await withDeadline(.seconds(60), onTimeout: { Late() }) { 42 }
        #expect(value == 42)
        await #expect(throws: Failed.self) {
            try await withDeadline(.seconds(60), onTimeout: { Late() }) { () async throws -> Int in throw Failed() }
        }
    }

    @Test func aBodyPastTheDeadline_IsAnsweredWithTheTimeoutAndCancelled() async throws {
        let sawCancel = Locked(false)
        await #expect(throws: Late.self) {
            try await withDeadline(.milliseconds(50), onTimeout: { Late() }) { () async throws -> Int in
                do {
                    try await Task.sleep(for: .seconds(60))
                } catch {
                    sawCancel.withLock { $0 = true }
                    throw error
                }
                return 1
            }
        }
        for _ in 0..<200 where !sawCancel.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(50)) }
        #expect(sawCancel.withLock { $0 }, "the body was cancelled once the deadline answered")
    }

    @Test func theTimer_EndsWithTheBody_NotAtTheDeadline() async throws {
        let probe = WeakMarker()
        do {
            let marker = Marker()
            probe.marker = marker
            let value = try await withDeadline(.seconds(3600), onTimeout: { _ = marker; return Late() }) { 7 }
            #expect(value == 7)
        }
        // Only the timer still holds the timeout closure: it is freed when the timer ends
        // (bounded wait: 10 s, against the hour a timer left to run out would hold it).
        for _ in 0..<200 where probe.marker != nil { try await Task.sleep(for: .milliseconds(50)) }
        #expect(probe.marker == nil, "the deadline's timer still sleeps after the body answered")
    }

    @Test func aCancelSlot_CancelsItsTask_WhetherCancelComesBeforeOrAfterIt() async {
        for cancelFirst in [true, false] {
            let slot = CancelSlot()
            if cancelFirst { slot.cancel() }
            let task = Task<Void, Never> { try? await Task.sleep(for: .seconds(3600)) }
            slot.store(task)
            if !cancelFirst { slot.cancel() }
            await task.value  // returns only because the sleep was cancelled
            #expect(task.isCancelled)
        }
    }
}
