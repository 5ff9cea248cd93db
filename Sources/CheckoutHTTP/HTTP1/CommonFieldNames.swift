import Glibc

/// Field names most requests carry, spelled as clients send them. A name read from a head
/// that matches one of them byte for byte becomes that string literal: no UTF-8 validation
/// and no allocation (`String(decoding:)` costs ~170 instructions a name). Anything else,
/// another spelling included, is decoded as before (names compare case-insensitively anyway).
enum CommonFieldNames {
    static let names = [
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Connection", "Content-Type",
        "Content-Length", "Authorization", "Cookie", "Referer", "Origin", "Idempotency-Key", "X-Request-Id",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP", "Cache-Control", "Pragma", "If-None-Match",
        "If-Modified-Since", "Range", "Transfer-Encoding", "Expect", "Upgrade-Insecure-Requests", "Sec-Fetch-Site",
        "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Sec-Fetch-User", "Priority", "DNT", "TE", "Via", "Forwarded",
        "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial",
        "host", "user-agent", "accept", "accept-encoding", "accept-language", "connection", "content-type",
        "content-length", "authorization", "cookie", "referer", "origin", "idempotency-key", "x-request-id",
        "x-forwarded-for", "x-forwarded-proto", "x-real-ip", "cache-control", "if-none-match",
    ]

    /// `names` by byte count, each with its bytes.
    private static let byLength: [[(bytes: [UInt8], name: String)]] = {
        var table = [[(bytes: [UInt8], name: String)]](repeating: [], count: names.map(\.utf8.count).max()! + 1)
        for name in names { table[name.utf8.count].append((Array(name.utf8), name)) }
        return table
    }()

    /// The literal spelled exactly by `bytes`, or nil.
    static func name(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let table = byLength
        guard bytes.count < table.count, let base = bytes.baseAddress else { return nil }
        for entry in table[bytes.count] where entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) {
            return entry.name
        }
        return nil
    }
}
