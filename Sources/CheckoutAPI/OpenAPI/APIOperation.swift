import CheckoutHTTP

/// One route as the OpenAPI document describes it. Controllers register routes through
/// `APIRoutes.add`, which takes this description with the handler, so a route cannot exist
/// without its description.
public struct APIOperation: Sendable {
    /// Whether the route takes an `Idempotency-Key` header.
    public enum Idempotency: Sendable { case none, accepted, required }

    /// A `?name=` parameter.
    public struct QueryParameter: Sendable {
        public var name: String
        public var schema: JSONValue
        public var description: String
        public var required: Bool

        public init(_ name: String, _ schema: JSONValue, _ description: String, required: Bool = false) {
            self.name = name
            self.schema = schema
            self.description = description
            self.required = required
        }
    }

    /// A documented answer.
    public struct Answer: Sendable {
        public var status: Int
        public var description: String
        /// The JSON schema of the body; nil for no body.
        public var schema: JSONValue?
        /// The media type of the body.
        public var contentType: String

        public init(_ status: Int, _ description: String, schema: JSONValue? = nil, contentType: String = "application/json") {
            self.status = status
            self.description = description
            self.schema = schema
            self.contentType = contentType
        }
    }

    public var method: HTTPMethod
    public var path: String
    public var summary: String
    public var tag: String
    /// The callers allowed; empty means no authentication.
    public var auth: Set<Caller.Kind>
    public var idempotency: Idempotency
    public var query: [QueryParameter]
    /// The JSON schema of the request body, if it has one.
    public var requestBody: JSONValue?
    /// Success answers (and any error worth a specific description).
    public var answers: [Answer]
    /// Further error statuses this route produces, answered with the Error schema.
    public var errors: [Int]

    public init(_ method: HTTPMethod, _ path: String, summary: String, tag: String, auth: Set<Caller.Kind> = [],
                idempotency: Idempotency = .none, query: [QueryParameter] = [], requestBody: JSONValue? = nil,
                answers: [Answer], errors: [Int] = []) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.auth = auth
        self.idempotency = idempotency
        self.query = query
        self.requestBody = requestBody
        self.answers = answers
        self.errors = errors
    }

    /// The `{name}` parameters of the path.
    public var pathParameters: [String] {
        path.split(separator: "/").compactMap { segment in
            guard segment.first == "{", segment.last == "}" else { return nil }
            return String(segment.dropFirst().dropLast())
        }
    }

    /// `get_v1_orders_id`: unique per method and path.
    public var operationID: String {
        let parts = path.split(separator: "/").map { $0.filter { $0.isLetter || $0.isNumber || $0 == "_" } }
        return ([method.rawValue.lowercased()] + parts).joined(separator: "_")
    }

    /// Every status this operation documents, errors included.
    public var statuses: [Int] {
        var all = answers.map(\.status) + errors
        if !auth.isEmpty { all += [401, 403] }
        if requestBody != nil { all += [400, 415] }
        if !query.isEmpty { all.append(400) }
        if idempotency != .none { all += [400, 409] }
        var seen = Set<Int>()
        return all.filter { seen.insert($0).inserted }.sorted()
    }
}
