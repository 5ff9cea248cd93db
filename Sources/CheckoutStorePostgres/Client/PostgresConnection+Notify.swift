import CPostgres

/// A message sent with `NOTIFY` / `pg_notify` and delivered to listeners after its transaction commits.
public struct PostgresNotification: Sendable, Hashable {
    public let channel: String
    public let payload: String
    /// The backend process that sent it.
    public let senderPID: Int32
}

extension PostgresConnection {
    /// Queues `payload` on `channel`; listeners get it when the current transaction commits
    /// (at once outside a transaction). Payloads must stay under 8000 bytes.
    public func notify(channel: String, payload: String) throws(PostgresError) {
        _ = try query("SELECT pg_notify($1, $2)", [channel, payload])
    }

    /// Starts listening on `channel` (a lower-case identifier: letters, digits, underscore).
    public func listen(_ channel: String) throws(PostgresError) {
        guard Self.isChannelName(channel) else { throw .decoding("invalid channel name \(channel)") }
        try executeScript("LISTEN \(channel)")
    }

    /// The socket to poll for readability while waiting for notifications.
    var socket: Int32 { PQsocket(handle) }

    /// Reads what arrived on the socket and returns the notifications received so far.
    /// - Throws: `.unavailable` when the connection was lost.
    func drainNotifications() throws(PostgresError) -> [PostgresNotification] {
        guard PQconsumeInput(handle) == 1 else {
            throw PostgresError(.unavailable, message: Self.errorMessage(handle))
        }
        var received: [PostgresNotification] = []
        while let raw = PQnotifies(handle) {
            let notice = raw.pointee
            received.append(PostgresNotification(channel: String(cString: notice.relname),
                                                 payload: String(cString: notice.extra),
                                                 senderPID: notice.be_pid))
            PQfreemem(raw)
        }
        return received
    }

    /// This connection's backend process id (compare with `PostgresNotification.senderPID`).
    public var backendPID: Int32 { PQbackendPID(handle) }

    static func isChannelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 63, first == "_" || ("a"..."z").contains(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
