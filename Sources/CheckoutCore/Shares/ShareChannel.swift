/// Where a shopper shared a link (API.md "Details that callers rely on"): single chat, group,
/// WeChat Moments, QQ Zone (QQ空间), a QR code, or anything else.
public enum ShareChannel: String, Hashable, Sendable, CaseIterable, Codable {
    case chat, group, moments, qzone, qr, other

    /// The channel a request names; nil (absent) is `other`.
    /// - Throws: `invalid_request` (`channel`) for any other value.
    public static func parse(_ text: String?) throws(CheckoutError) -> ShareChannel {
        guard let text else { return .other }
        guard let channel = ShareChannel(rawValue: text) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidRequest("channel must be one of: \(names).", param: "channel")
        }
        return channel
    }
}
