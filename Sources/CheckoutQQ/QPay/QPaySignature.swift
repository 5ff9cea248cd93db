import CheckoutCrypto
import CheckoutWeChat

/// QQ Wallet's request, answer and notification signature: the non-empty fields other than
/// `sign`, sorted by name (ASCII), joined as `k=v&…`, then `&key=<API key>`; MD5, uppercase hex.
public struct QPaySignature: Sendable {
    let apiKey: String

    /// - Parameter apiKey: `QPAY_API_KEY`.
    public init(apiKey: String) {
        self.apiKey = apiKey
    }

    /// The string that is hashed (with the key in it: never log it).
    func base(_ fields: XMLFields) -> String {
        let parts = fields.pairs.filter { $0.name != "sign" && !$0.value.isEmpty }
            .sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
            .map { "\($0.name)=\($0.value)" }
        return (parts + ["key=\(apiKey)"]).joined(separator: "&")
    }

    /// The `sign` value of `fields`.
    public func sign(_ fields: XMLFields) -> String {
        MD5.upperHex(base(fields))
    }

    /// `fields` with `sign` set.
    public func signed(_ fields: XMLFields) -> XMLFields {
        var copy = fields
        copy["sign"] = nil
        copy["sign"] = sign(copy)
        return copy
    }

    /// Whether `fields` carries a valid `sign` (compared in constant time; either hex case).
    public func verify(_ fields: XMLFields) -> Bool {
        guard let given = fields["sign"], given.utf8.count == 32 else { return false }
        return ConstantTime.equals(given.uppercased(), sign(fields))
    }
}
