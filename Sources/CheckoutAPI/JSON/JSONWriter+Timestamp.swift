import CheckoutCore

extension JSONWriter {
    /// A timestamp as `Timestamp` encodes itself (an RFC 3339 string), digits written straight
    /// into the output: on the product list this was a quarter of the instructions per request.
    public mutating func timestamp(_ value: Timestamp) {
        raw(maximum: JSONCursor.maximumTimestamp) { $0.timestamp(value) }
    }

    /// `"name":"2026-11-24T10:00:00Z"`, or `"name":null` when `value` is nil.
    public mutating func field(_ name: StaticString, _ value: Timestamp?) {
        key(name)
        if let value { timestamp(value) } else { null() }
    }
}
