import CheckoutCore

/// A `ShareEvent` as one line of a `NOTIFY` payload: `origin kind fields…`, space-separated
/// (ids, codes and numbers never hold spaces or newlines; absent values are `-`).
enum ShareEventNotice {
    /// `event` as sent by the process `origin`.
    static func encode(_ event: ShareEvent, origin: String) -> String {
        let fields: [String]
        switch event {
        case let .click(shop, at, first): fields = ["c", shop, "\(at.milliseconds)", first ? "1" : "0"]
        case let .share(shop, at): fields = ["s", shop, "\(at.milliseconds)"]
        case let .orderCredited(shop, at): fields = ["o", shop, "\(at.milliseconds)"]
        case let .refunded(shop, amount, at): fields = ["r", shop, "\(amount)", "\(at.milliseconds)"]
        case .paid(let e):
            fields = ["p", "\(e.sequence)", e.shopID, e.orderID, "\(e.amountTotal)", e.shareCode ?? "-",
                      e.scene.map(String.init) ?? "-", e.sharerID ?? "-", "\(e.paidAt.milliseconds)"]
        }
        return ([origin] + fields).joined(separator: " ")
    }

    /// The origin and event of one line; nil for a line this binary cannot read.
    static func decode(_ line: Substring) -> (origin: String, event: ShareEvent)? {
        let f = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard f.count >= 4 else { return nil }
        func time(_ text: String) -> Timestamp? { Int64(text).map(Timestamp.init(milliseconds:)) }
        func optional(_ text: String) -> String? { text == "-" ? nil : text }
        let event: ShareEvent
        switch (f[1], f.count) {
        case ("c", 5):
            guard let at = time(f[3]), ["0", "1"].contains(f[4]) else { return nil }
            event = .click(shopID: f[2], at: at, firstVisit: f[4] == "1")
        case ("s", 4):
            guard let at = time(f[3]) else { return nil }
            event = .share(shopID: f[2], at: at)
        case ("o", 4):
            guard let at = time(f[3]) else { return nil }
            event = .orderCredited(shopID: f[2], at: at)
        case ("r", 5):
            guard let amount = Int64(f[3]), let at = time(f[4]) else { return nil }
            event = .refunded(shopID: f[2], amount: amount, at: at)
        case ("p", 10):
            guard let sequence = Int64(f[2]), let amount = Int64(f[5]), let paidAt = time(f[9]) else { return nil }
            let scene = optional(f[7]).map { Int($0) }
            guard scene != .some(nil) else { return nil }
            event = .paid(PaidOrderEvent(sequence: sequence, shopID: f[3], orderID: f[4], amountTotal: amount,
                                         shareCode: optional(f[6]), scene: scene ?? nil, sharerID: optional(f[8]),
                                         paidAt: paidAt))
        default:
            return nil
        }
        return (f[0], event)
    }
}
