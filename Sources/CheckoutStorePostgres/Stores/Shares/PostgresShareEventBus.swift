import CheckoutCore
import CheckoutThreads
import Synchronization

/// The live bus between replicas: every committed `ShareEvent` reaches this process's receivers
/// at once and every other replica's through `NOTIFY` on `channel`, so a click or a payment
/// taken by one replica moves `last_60s` and sends `order_paid` on a dashboard connected to
/// another. Events published while the database is busy are sent together, several lines to
/// a payload, by one pool job.
///
/// An event is sent after its transaction committed; one lost in between (a crash, a listener
/// reconnecting) is not replayed to other replicas' `last_60s`, while `today` and the paid
/// orders replayed after `Last-Event-ID` are read from the tables and stay exact.
public final class PostgresShareEventBus: ShareEventBus {
    /// `checkout_share`, or `checkout_share_SCHEMA` when the data lives in its own schema:
    /// NOTIFY reaches the whole database, and events belong to the data they describe.
    public let channel: String
    /// Payloads stay under PostgreSQL's 8000-byte limit.
    static let payloadLimit = 7_000
    /// Lines waiting while the database is slow; past this, new events go to this replica only.
    static let outboxLimit = 10_000

    private let local = LocalShareEventBus()
    private let pool: PostgresPool
    /// This process, so its own events coming back from the server are not delivered twice.
    let origin: String
    private let outbox = Locked<(lines: [String], sending: Bool)>(([], false))
    private let listener: Locked<PostgresListener?> = Locked(nil)
    private let listening = Atomic<Bool>(false)

    /// Starts listening on its own connection (reconnecting on its own) and sends on `pool`.
    public init(pool: PostgresPool) {
        self.pool = pool
        self.origin = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        self.channel = Self.channel(schema: pool.configuration.schema)
        let channel = self.channel
        let (local, origin) = (local, origin)
        do {
            let listener = try PostgresListener(configuration: pool.configuration, channels: [channel],
                                                onConnected: { [weak self] in self?.listening.store(true, ordering: .releasing) }) { note in
                for line in note.payload.split(separator: "\n") {
                    guard let (sender, event) = ShareEventNotice.decode(line), sender != origin else { continue }
                    local.publish(event)
                }
            }
            self.listener.withLock { $0 = listener }
        } catch {
            preconditionFailure("\(channel) is a valid channel name: \(error)")
        }
    }

    /// Whether the listener has connected once: other replicas' events arrive from then on.
    public var isListening: Bool { listening.load(ordering: .acquiring) }

    public func publish(_ event: ShareEvent) {
        local.publish(event)
        let line = ShareEventNotice.encode(event, origin: origin)
        let startSending = outbox.withLock { box -> Bool in
            if box.lines.count < Self.outboxLimit { box.lines.append(line) }
            defer { box.sending = true }
            return !box.sending
        }
        guard startSending else { return }
        Task { [self] in
            do {
                try await pool.withConnection { connection in self.sendAll(on: connection) }
            } catch {
                // The pool is closed or the database unreachable: drop what waits, start again later.
                outbox.withLock { $0 = ([], false) }
            }
        }
    }

    public func addReceiver(_ receiver: @escaping @Sendable (ShareEvent) -> Void) {
        local.addReceiver(receiver)
    }

    /// Stops listening. Idempotent.
    public func close() {
        listener.withLock { listener in
            defer { listener = nil }
            return listener
        }?.close()
    }

    /// Sends what waits in the outbox until it is empty (on a pool thread).
    private func sendAll(on connection: PostgresConnection) {
        while true {
            let lines = outbox.withLock { box -> [String] in
                defer { box.lines = [] }
                if box.lines.isEmpty { box.sending = false }
                return box.lines
            }
            guard !lines.isEmpty else { return }
            for payload in Self.payloads(lines) {
                try? connection.notify(channel: channel, payload: payload)
            }
        }
    }

    /// The channel of the data in `schema`: lower-case letters, digits and underscores, at most 63.
    static func channel(schema: String?) -> String {
        guard let schema else { return "checkout_share" }
        let safe = schema.lowercased().unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        }
        return String(("checkout_share_" + String(safe)).prefix(63))
    }

    /// `lines` joined by newlines into payloads of at most `payloadLimit` bytes.
    static func payloads(_ lines: [String]) -> [String] {
        var payloads: [String] = []
        var current = ""
        for line in lines {
            if !current.isEmpty && current.utf8.count + 1 + line.utf8.count > payloadLimit {
                payloads.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : "\n") + line
        }
        if !current.isEmpty { payloads.append(current) }
        return payloads
    }
}
