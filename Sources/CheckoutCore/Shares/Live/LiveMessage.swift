/// What a live stream sends (API.md: `GET /v1/stats/live`).
public enum LiveMessage: Hashable, Sendable {
    /// `event: counters`: the shop's rolling counters, about every second (the same message for
    /// every stream of the shop; each stream's event id goes in front of it).
    case counters(last60s: ShareCounters, today: ShareCounters)
    /// `event: order_paid`: one newly paid order; its id is the event's sequence.
    case orderPaid(PaidOrderEvent)
    /// A comment line that keeps idle proxies from closing the stream.
    case keepAlive

    /// The `id:` line that goes before a rendered message (HTML Living Standard §9.2.6).
    public static func idLine(_ id: String) -> [UInt8] {
        Array("id: \(id)\n".utf8)
    }

    /// The stream position a client's `Last-Event-ID` names: the leading digits of the id
    /// (`"42"` for an order_paid event, `"42-7"` for a counters event sent after it).
    public static func sequence(lastEventID: String?) -> Int64? {
        guard let lastEventID else { return nil }
        let digits = lastEventID.utf8.prefix { (0x30...0x39).contains($0) }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        return Int64(String(decoding: digits, as: UTF8.self))
    }
}
