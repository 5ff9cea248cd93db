import CheckoutStorePostgres
import CheckoutTesting
import Foundation
import CheckoutThreads
import Testing

/// Collects what a listener receives; `wait` polls (bounded) instead of sleeping a fixed time.
private final class Inbox: Sendable {
    let messages = Locked<[String]>([])
    let connects = Locked(0)

    func wait(for count: Int, seconds: Double = 10) async -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let seen = messages.withLock { $0 }
            if seen.count >= count { return seen }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return messages.withLock { $0 }
    }

    func waitForConnects(_ count: Int) async {
        let deadline = Date().addingTimeInterval(10)
        while connects.withLock({ $0 }) < count && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
    }
}

@Suite struct PostgresListenerTests {
    @Test func notifications_ArriveAfterCommitOnly() async throws {
        let configuration = try await PostgresTestDatabase.freshConfiguration()
        let pool = PostgresPool(configuration: configuration, size: 1)
        let inbox = Inbox()
        let listener = try PostgresListener(configuration: configuration, channels: ["order_paid"],
                                            onConnected: { inbox.connects.withLock { $0 += 1 } },
                                            onNotification: { note in inbox.messages.withLock { $0.append(note.payload) } })
        defer { listener.close(); pool.close() }
        await inbox.waitForConnects(1)
        try? await pool.transaction { connection in
            try connection.notify(channel: "order_paid", payload: "rolled-back")
            throw PostgresTestDatabase.Unavailable(description: "roll back")
        }
        try await pool.transaction { connection in
            try connection.notify(channel: "order_paid", payload: "ord_1")
            try connection.notify(channel: "other", payload: "not listened")
        }
        try await pool.withConnection { try $0.notify(channel: "order_paid", payload: "ord_2") }
        #expect(await inbox.wait(for: 2) == ["ord_1", "ord_2"])
    }

    @Test func lostListenerConnection_Reconnects() async throws {
        let configuration = try await PostgresTestDatabase.freshConfiguration()
        var listenerConfiguration = configuration
        listenerConfiguration.applicationName = "listener-under-test"
        let pool = PostgresPool(configuration: configuration, size: 1)
        let inbox = Inbox()
        let listener = try PostgresListener(configuration: listenerConfiguration, channels: ["ch"],
                                            onConnected: { inbox.connects.withLock { $0 += 1 } },
                                            onNotification: { note in inbox.messages.withLock { $0.append(note.payload) } })
        defer { listener.close(); pool.close() }
        await inbox.waitForConnects(1)
        _ = try await pool.withConnection { connection in
            try connection.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
                                 ["listener-under-test"])
        }
        await inbox.waitForConnects(2)
        #expect(inbox.connects.withLock { $0 } == 2)
        try await pool.withConnection { try $0.notify(channel: "ch", payload: "after") }
        #expect(await inbox.wait(for: 1) == ["after"])
    }

    @Test func invalidChannelName_IsRefused() throws {
        let configuration = try PostgresConfiguration(url: "postgres://h/db")
        #expect(throws: PostgresError.self) {
            _ = try PostgresListener(configuration: configuration, channels: ["Order-Paid"], onNotification: { _ in })
        }
    }
}
