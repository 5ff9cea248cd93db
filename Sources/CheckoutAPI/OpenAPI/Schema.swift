/// Builders for JSON Schema 2020-12 fragments (OpenAPI 3.1) and the shared component schemas.
public enum Schema {
    public static let string: JSONValue = ["type": "string"]
    public static let integer: JSONValue = ["type": "integer", "format": "int64"]
    public static let boolean: JSONValue = ["type": "boolean"]
    public static let timestamp: JSONValue = ["type": "string", "format": "date-time"]

    /// `{"$ref": "#/components/schemas/<name>"}`.
    public static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    /// A string with a description.
    public static func string(_ description: String) -> JSONValue { ["type": "string", "description": .string(description)] }

    /// An integer within `range`.
    public static func integer(_ range: ClosedRange<Int64>) -> JSONValue {
        ["type": "integer", "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound)]
    }

    /// The schema, or null.
    public static func nullable(_ schema: JSONValue) -> JSONValue { ["anyOf": [schema, ["type": "null"]]] }

    public static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    public static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map { .string($0) })]
    }

    /// An object with `properties`; `required` lists the keys that must be present.
    public static func object(_ properties: [(String, JSONValue)], required: [String] = []) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("type", "object"), ("properties", .object(properties))]
        if !required.isEmpty { pairs.append(("required", .array(required.map { .string($0) }))) }
        return .object(pairs)
    }

    /// The list form `{data: [item], has_more}`.
    public static func list(of item: JSONValue) -> JSONValue {
        object([("data", array(item)), ("has_more", boolean)], required: ["data", "has_more"])
    }

    /// The contract's error body.
    public static let error: JSONValue = object([
        ("error", object([
            ("code", string("A contract error code such as invalid_request or out_of_stock.")),
            ("message", string("Human-readable text.")),
            ("param", string("The one field at fault, e.g. items[0].quantity.")),
        ], required: ["code", "message"])),
    ], required: ["error"])
}
