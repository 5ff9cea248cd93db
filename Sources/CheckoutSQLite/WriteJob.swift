/// A queued unit of work for the writer thread, type-erased. Touched by one thread at a time:
/// the submitter until it is queued, then the writer thread, then the reply.
protocol WriteJob: AnyObject, Sendable {
    /// Runs in a transaction of its own instead of sharing a batch (migrations).
    var runsAlone: Bool { get }
    /// Its body is a function of the database and of what it captured, so it may run again after
    /// its writes were rolled back: jobs like it share one savepoint (see `WriterLoop`).
    var isRepeatable: Bool { get }
    /// Runs the body on the writer's connection; keeps its result and returns the error it threw.
    func run(_ database: Database) -> (any Error)?
    /// Replaces a kept success by `error`: the transaction holding it did not commit.
    func failIfSucceeded(_ error: any Error)
    /// Answers the submitter with the kept result; called once, after the COMMIT.
    func deliver()
}

final class PendingWrite<T: Sendable>: WriteJob, @unchecked Sendable {
    let runsAlone: Bool
    let isRepeatable: Bool
    private let body: @Sendable (Database) throws -> T
    private let reply: @Sendable (Result<T, any Error>) -> Void
    private var result: Result<T, any Error>?

    init(runsAlone: Bool = false, repeatable: Bool = false, body: @escaping @Sendable (Database) throws -> T,
         reply: @escaping @Sendable (Result<T, any Error>) -> Void) {
        self.runsAlone = runsAlone
        self.isRepeatable = repeatable
        self.body = body
        self.reply = reply
    }

    func run(_ database: Database) -> (any Error)? {
        do {
            result = .success(try body(database))
            return nil
        } catch {
            result = .failure(error)
            return error
        }
    }

    func failIfSucceeded(_ error: any Error) {
        if case .failure = result { return }
        result = .failure(error)
    }

    func deliver() {
        reply(result ?? .failure(DatabaseError.connectionIsClosed()))
    }
}
