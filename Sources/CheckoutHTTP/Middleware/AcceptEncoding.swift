/// Reading `Accept-Encoding` (RFC 9110 §12.5.3) for the one coding the static files offer.
enum AcceptEncoding {
    /// Whether the field values accept `gzip` (or `x-gzip`, or `*`) with a non-zero weight.
    /// An explicit `gzip;q=0` wins over `*`.
    static func allowsGzip(_ values: [String]) -> Bool {
        var wildcard = false
        for value in values {
            for item in value.split(separator: ",") {
                let parts = item.split(separator: ";")
                guard let name = parts.first?.trimmingSpaces.lowercased() else { continue }
                let accepted = parts.dropFirst().allSatisfy { !isZeroWeight($0) }
                if name == "gzip" || name == "x-gzip" { return accepted }
                if name == "*" { wildcard = accepted }
            }
        }
        return wildcard
    }

    /// `q=0`, `q=0.0`, `q=0.000` (§12.4.2); any other parameter or weight is not zero.
    private static func isZeroWeight(_ parameter: Substring) -> Bool {
        let text = parameter.trimmingSpaces.lowercased()
        guard text.hasPrefix("q=") else { return false }
        let weight = text.dropFirst(2)
        return weight.first == "0" && weight.dropFirst().allSatisfy { $0 == "." || $0 == "0" }
    }
}
