import CheckoutCore
import CheckoutSQLite
import CheckoutThreads

/// Group commit for many small writes of one kind: every item that arrives while the writer is
/// busy is handled by ONE write job of the next transaction, which takes a writer-queue slot for
/// all of them. Each item is answered after the COMMIT holding it returned; if the job fails or
/// its transaction does not commit, every item of the job gets the error.
final class WriteBatcher<Item: Sendable, Answer: Sendable>: Sendable {
    typealias Body = @Sendable ([Item], Database) throws -> [Answer]
    private typealias Reply = @Sendable (Result<Answer, any Error>) -> Void

    private struct Waiting: Sendable {
        var item: Item
        var reply: Reply
    }

    private struct State: Sendable {
        var waiting: [Waiting] = []
        /// A job is queued and has not yet taken the waiting items.
        var jobQueued = false
    }

    private let state = Locked(State())
    /// Items one job takes at most; the rest go to the next job, queued at once.
    private let maximumItems: Int
    private let body: Body

    /// - Parameter body: runs on the writer for the items of one job; one answer per item, in order.
    init(maximumItems: Int = 512, body: @escaping Body) {
        self.maximumItems = maximumItems
        self.body = body
    }

    /// Handles `item` in the next job on `storage`'s writer.
    func submit(_ item: Item, on storage: SQLiteStorage) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            submit(item, on: storage) { continuation.resume(with: $0) }
        }
    }

    /// Handles `item` in the next job on `storage`'s writer; `reply` gets its answer after the
    /// COMMIT (on the writer thread), or the error.
    func submit(_ item: Item, on storage: SQLiteStorage, reply: @escaping @Sendable (Result<Answer, any Error>) -> Void) {
        let startsJob = state.withLock { state in
            state.waiting.append(Waiting(item: item, reply: reply))
            defer { state.jobQueued = true }
            return !state.jobQueued
        }
        if startsJob { submitJob(on: storage) }
    }

    private func submitJob(on storage: SQLiteStorage) {
        let taken = Locked<[Waiting]?>(nil)
        storage.enqueueWrite({ [body] db in
            let items = self.takeWaiting(on: storage)
            taken.withLock { $0 = items }
            return try body(items.map(\.item), db)
        }, reply: { result in
            // A job that never ran (writer closed, queue full) answers the items waiting now.
            let items = taken.withLock { $0 } ?? self.takeWaiting(on: nil)
            switch result {
            case .success(let answers):
                for (waiting, answer) in zip(items, answers) { waiting.reply(.success(answer)) }
            case .failure(let error):
                for waiting in items { waiting.reply(.failure(error)) }
            }
        })
    }

    /// Takes up to `maximumItems` waiting items; with more left, queues the next job on `storage`.
    private func takeWaiting(on storage: SQLiteStorage?) -> [Waiting] {
        let (items, more) = state.withLock { state in
            let count = storage == nil ? state.waiting.count : min(state.waiting.count, maximumItems)
            let items = Array(state.waiting.prefix(count))
            state.waiting.removeFirst(count)
            state.jobQueued = !state.waiting.isEmpty
            return (items, state.jobQueued)
        }
        if more, let storage { submitJob(on: storage) }
        return items
    }
}
