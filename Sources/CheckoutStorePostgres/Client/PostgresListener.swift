import CheckoutThreads
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Receives `NOTIFY` messages on a dedicated connection and thread, reconnecting on its own.
///
/// Messages sent while the listener was disconnected are lost (PostgreSQL does not queue them
/// for absent listeners), so `onConnected` runs after every (re)connection, once `LISTEN` is in
/// place: a consumer resynchronises there from the tables.
public final class PostgresListener: Sendable {
    // Assigned only after validation: a throwing init must not reach `deinit` → `close`.
    private let stopping: StopFlag
    private let finished: DispatchSemaphore
    private let closed = Locked(false)

    /// Starts listening on `channels` (lower-case identifiers).
    /// - Parameters:
    ///   - onConnected: runs on the listener's thread after each successful connect + LISTEN.
    ///   - onNotification: runs on the listener's thread for each message, in arrival order.
    public init(configuration: PostgresConfiguration, channels: [String], pollMilliseconds: Int32 = 200,
                onConnected: @escaping @Sendable () -> Void = {},
                onNotification: @escaping @Sendable (PostgresNotification) -> Void) throws(PostgresError) {
        for channel in channels where !PostgresConnection.isChannelName(channel) {
            throw .decoding("invalid channel name \(channel)")
        }
        let loop = ListenLoop(configuration: configuration, channels: channels, pollMilliseconds: pollMilliseconds,
                              onConnected: onConnected, onNotification: onNotification)
        let stopping = StopFlag()
        let finished = DispatchSemaphore(value: 0)
        self.stopping = stopping
        self.finished = finished
        SystemThread(name: "postgres-listen") {
            loop.run(until: stopping)
            finished.signal()
        }.detach()
    }

    deinit { close() }

    /// Stops the thread and closes its connection; returns when done. Idempotent.
    public func close() {
        let first = closed.withLock { isClosed in
            defer { isClosed = true }
            return !isClosed
        }
        guard first else { return }
        stopping.value.store(true, ordering: .releasing)
        finished.wait()
    }
}

/// Set once to stop a thread's loop.
private final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}

private struct ListenLoop: @unchecked Sendable {
    let configuration: PostgresConfiguration
    let channels: [String]
    let pollMilliseconds: Int32
    let onConnected: @Sendable () -> Void
    let onNotification: @Sendable (PostgresNotification) -> Void

    func run(until stopping: StopFlag) {
        var backoff = 0.05
        while !stopping.value.load(ordering: .acquiring) {
            guard let connection = try? listeningConnection() else {
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 2)
                continue
            }
            backoff = 0.05
            onConnected()
            receive(on: connection, until: stopping)
        }
    }

    private func listeningConnection() throws(PostgresError) -> PostgresConnection {
        let connection = try PostgresConnection(configuration: configuration)
        for channel in channels { try connection.listen(channel) }
        return connection
    }

    /// Polls the socket until the connection fails or the listener stops.
    private func receive(on connection: PostgresConnection, until stopping: StopFlag) {
        while !stopping.value.load(ordering: .acquiring) {
            var descriptor = pollfd(fd: connection.socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, pollMilliseconds)
            if ready < 0 && errno != EINTR { return }
            guard ready > 0 else { continue }
            guard let notifications = try? connection.drainNotifications() else { return }
            notifications.forEach(onNotification)
            if connection.isBroken { return }
        }
    }
}
