import CheckoutCore
import CheckoutHTTP

/// A value that writes itself as JSON through a `JSONWriter`, without `Encodable`'s cost.
/// Its output must match what `JSONCoding.encode` makes of the same value (as JSON, not bytes).
public protocol JSONWritable {
    func write(to json: inout JSONWriter)
}

extension JSONWritable {
    /// This value's JSON text.
    public var jsonBytes: [UInt8] {
        var json = JSONWriter()
        write(to: &json)
        return json.bytes
    }
}

extension Page: JSONWritable where Element: JSONWritable {
    /// `{"data":[…],"has_more":bool}`, as `Page`'s `Encodable` form.
    public func write(to json: inout JSONWriter) {
        json.reserve(data.count * 512)  // a product is about 330 bytes: no regrowing
        json.beginPage()
        for element in data { element.write(to: &json) }
        json.endPage(hasMore: hasMore)
    }
}

extension Response {
    /// A JSON response written by `value`'s hand-made writer (for hot routes).
    public static func write(_ value: some JSONWritable, status: HTTPStatus = .ok) -> Response {
        .json(value.jsonBytes, status: status)
    }
}
