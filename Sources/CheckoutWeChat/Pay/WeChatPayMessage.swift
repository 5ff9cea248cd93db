/// The exact byte strings WeChat Pay API v3 signs: lines joined and terminated by `\n`.
enum WeChatPayMessage {
    /// A merchant request: `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` (an empty body for GET).
    static func request(method: String, urlPathWithQuery: String, timestamp: String, nonce: String,
                        body: [UInt8]) -> [UInt8] {
        lines([Array(method.utf8), Array(urlPathWithQuery.utf8), Array(timestamp.utf8),
               Array(nonce.utf8), body])
    }

    /// A platform response or notification: `TIMESTAMP\nNONCE\nBODY\n`.
    static func platform(timestamp: String, nonce: String, body: [UInt8]) -> [UInt8] {
        lines([Array(timestamp.utf8), Array(nonce.utf8), body])
    }

    /// The mini-program payment: `appId\ntimeStamp\nnonceStr\npackage\n`.
    static func paySign(appID: String, timestamp: String, nonce: String, package: String) -> [UInt8] {
        lines([appID, timestamp, nonce, package].map { Array($0.utf8) })
    }

    private static func lines(_ parts: [[UInt8]]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count + 1 })
        for part in parts {
            out += part
            out.append(0x0A)
        }
        return out
    }
}
