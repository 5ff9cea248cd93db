import CheckoutCore
import CheckoutSQLite
import CheckoutThreads

/// Group commit for share clicks: every click that arrives while the writer is busy is recorded
/// by ONE write job of the next transaction (`ClickBatch`), which files each click's visitor row
/// and adds the counters of all of them once per link, stats cell and trending row.
///
/// A click is answered only after the COMMIT holding it returned, so "in the database before the
/// answer" holds as for any write. If the job fails (its savepoint rolls back) or its transaction
/// does not commit, every click of the job gets the error and none of them is counted; other
/// jobs of the transaction are not affected.
final class ClickBatcher: Sendable {
    typealias Recorded = (link: ShareLink, outcome: ClickRule.Outcome)?
    typealias Reply = @Sendable (Result<Recorded, any Error>) -> Void

    struct Waiting: Sendable {
        var click: ShareClick
        var reply: Reply
    }

    private struct State {
        var waiting: [Waiting] = []
        /// A job is queued and has not yet taken the waiting clicks.
        var jobQueued = false
    }

    private let state = Locked(State())

    /// Records `click` in the next click job on `storage`'s writer; nil for an unknown code.
    func record(_ click: ShareClick, on storage: SQLiteStorage) async throws -> Recorded {
        try await withCheckedThrowingContinuation { continuation in
            let startsJob = state.withLock { state in
                state.waiting.append(Waiting(click: click) { continuation.resume(with: $0) })
                defer { state.jobQueued = true }
                return !state.jobQueued
            }
            if startsJob { submitJob(on: storage) }
        }
    }

    private func submitJob(on storage: SQLiteStorage) {
        let taken = TakenClicks()
        storage.enqueueWrite({ db in
            let clicks = self.takeWaiting()
            taken.set(clicks)
            return try ClickBatch.record(clicks.map(\.click), db)
        }, reply: { result in
            // A job that never ran (writer closed, queue full) leaves its clicks waiting.
            let clicks = taken.clicks ?? self.takeWaiting()
            switch result {
            case .success(let recorded):
                for (waiting, answer) in zip(clicks, recorded) { waiting.reply(.success(answer)) }
            case .failure(let error):
                for waiting in clicks { waiting.reply(.failure(error)) }
            }
        })
    }

    /// Takes every waiting click; the next click queues a new job.
    private func takeWaiting() -> [Waiting] {
        state.withLock { state in
            state.jobQueued = false
            defer { state.waiting = [] }
            return state.waiting
        }
    }
}

/// The clicks one job took, handed from the job (writer thread) to its reply (same thread, later).
private final class TakenClicks: Sendable {
    private let storage = Locked<[ClickBatcher.Waiting]?>(nil)

    func set(_ clicks: [ClickBatcher.Waiting]) { storage.withLock { $0 = clicks } }
    var clicks: [ClickBatcher.Waiting]? { storage.withLock { $0 } }
}
