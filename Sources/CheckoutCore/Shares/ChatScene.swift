/// A mini-program scene value: how the viewer arrived (WeChat 1007 single chat, 1008 group
/// chat, 1044 group with shareTicket, 1036 app message, 1011 QR code; QQ 2003 and 2009 QQ空间,
/// 2010 group profile card, 2060 Qzone feed, 2062 profile card, 2080 and 2081 the chat and group
/// "+" panels, 4007 and 4008 group side panel and quick entry).
public enum ChatScene {
    /// Scene values are four-digit numbers.
    public static let range = 1000...9999

    /// The scene of a query value or body field: a number 1000–9999, anything else none.
    public static func parse(_ text: String?) -> Int? {
        guard let text, text.utf8.count == 4, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let value = Int(text) else { return nil }
        return normalize(value)
    }

    /// `value` when it is a scene number, otherwise none.
    public static func normalize(_ value: Int?) -> Int? {
        guard let value, range.contains(value) else { return nil }
        return value
    }

    /// Scene values documented for WeChat and mobile QQ, with what they mean (the dashboard,
    /// `Public/assets/dash.*.js`, names each of them in Chinese and English; a test keeps the two
    /// in step).
    public static let known: [Int: String] = [
        1007: "single chat", 1008: "group chat", 1011: "QR code", 1036: "app message",
        1044: "group chat with shareTicket", 1154: "Moments single page",
        2003: "shared into Qzone (QQ空间)", 2009: "Qzone (QQ空间)", 2010: "QQ group profile card",
        2060: "Qzone feed", 2062: "QQ profile card", 2080: "QQ single chat (+ panel, grey bar)",
        2081: "QQ group chat (+ panel, grey bar)", 4007: "QQ group side panel", 4008: "QQ group quick entry",
    ]
}
