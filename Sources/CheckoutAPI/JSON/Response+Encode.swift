import CheckoutHTTP
import Foundation

extension Response {
    /// A JSON response encoding `value`. Field names come from the types' coding keys
    /// (snake_case, as docs/API.md shows); `Date` values encode as RFC 3339 UTC, `Timestamp` does so itself.
    public static func encode(_ value: some Encodable, status: HTTPStatus = .ok, headers: HTTPFields = [:]) throws -> Response {
        var response = Response.json(try JSONCoding.encode(value), status: status)
        for field in headers { response.headers[field.name] = field.value }
        return response
    }
}

/// The API's JSON encoder settings in one place.
public enum JSONCoding {
    /// Encodes `value` as compact JSON without escaping `/`, object keys sorted (the same
    /// value always gives the same bytes).
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(value))
    }
}
