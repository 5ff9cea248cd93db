import CheckoutCore

/// Renders live messages as Server-Sent Events (HTML Living Standard §9.2): `event:` and one
/// `data:` line of compact JSON, then a blank line; keep-alives are comment lines. The hub
/// writes each event's `id:` line in front (`LiveMessage.idLine`).
enum ServerSentEvents {
    static func encode(_ message: LiveMessage) -> [UInt8] {
        switch message {
        case .counters(let last60s, let today):
            let window = ["window": ["last_60s": CountersBody(counters: last60s), "today": CountersBody(counters: today)]]
            return event(name: "counters", data: window)
        case .orderPaid(let paid):
            return event(name: "order_paid", data: PaidOrderBody(event: paid))
        case .keepAlive:
            return Array(": keep-alive\n\n".utf8)
        }
    }

    static func event(name: String, data: some Encodable) -> [UInt8] {
        // JSON text never holds a raw line break, so one data line carries it whole.
        let json = (try? JSONCoding.encode(data)) ?? Array("{}".utf8)
        return Array("event: \(name)\ndata: ".utf8) + json + Array("\n\n".utf8)
    }
}

/// `event: order_paid` data: `{order_id, amount_total, share_code, scene, sharer, paid_at}`.
struct PaidOrderBody: Encodable {
    var event: PaidOrderEvent

    enum CodingKeys: String, CodingKey {
        case scene, sharer
        case orderID = "order_id"
        case amountTotal = "amount_total"
        case shareCode = "share_code"
        case paidAt = "paid_at"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(event.orderID, forKey: .orderID)
        try c.encode(event.amountTotal, forKey: .amountTotal)
        try c.encode(event.shareCode, forKey: .shareCode)
        try c.encode(event.scene, forKey: .scene)
        try c.encode(event.sharerID, forKey: .sharer)
        try c.encode(event.paidAt, forKey: .paidAt)
    }
}
