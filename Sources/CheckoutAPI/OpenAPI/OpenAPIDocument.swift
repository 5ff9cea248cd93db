import CheckoutHTTP

/// The OpenAPI 3.1 document of the API, built from the registered operations.
public enum OpenAPIDocument {
    /// The whole document.
    /// - Parameters:
    ///   - operations: every registered route's description.
    ///   - schemas: named component schemas the operations refer to (`Error` is always added).
    public static func make(operations: [APIOperation], schemas: [(String, JSONValue)] = []) -> JSONValue {
        var paths: [(String, JSONValue)] = []
        for operation in operations {
            let item = (operation.method.rawValue.lowercased(), describe(operation))
            if let index = paths.firstIndex(where: { $0.0 == operation.path }), case .object(var methods) = paths[index].1 {
                methods.append(item)
                paths[index].1 = .object(methods)
            } else {
                paths.append((operation.path, .object([item])))
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "ChatCheckout API",
                "version": "1.0.0",
                "description": "Checkout for chat mini-shops: shops, catalog, shopper sessions, carts and orders. Money is integer minor units; errors are {\"error\":{code,message,param}}.",
            ],
            "paths": .object(paths),
            "components": [
                "schemas": .object([("Error", Schema.error)] + schemas),
                "securitySchemes": [
                    "bearer": [
                        "type": "http", "scheme": "bearer",
                        "description": "A shop secret key (sk_…), a shopper session token (sess_…) or the admin token.",
                    ],
                ],
            ],
        ]
    }

    static func describe(_ op: APIOperation) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("operationId", .string(op.operationID)),
            ("summary", .string(op.summary)),
            ("tags", [.string(op.tag)]),
        ]
        var parameters: [JSONValue] = op.pathParameters.map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": Schema.string]
        }
        for query in op.query {
            parameters.append(["name": .string(query.name), "in": "query", "required": .bool(query.required),
                               "description": .string(query.description), "schema": query.schema])
        }
        if op.idempotency != .none {
            parameters.append([
                "name": .string(IdempotencyGate.header), "in": "header", "required": .bool(op.idempotency == .required),
                "description": "1–255 printable characters; the same key and body replay the first answer for 24 h.",
                "schema": ["type": "string", "minLength": 1, "maxLength": 255],
            ])
        }
        if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
        if let body = op.requestBody {
            pairs.append(("requestBody", ["required": true, "content": ["application/json": ["schema": body]]]))
        }
        if !op.auth.isEmpty {
            let kinds = Caller.Kind.allCases.filter(op.auth.contains).map(\.rawValue).joined(separator: ", ")
            pairs.append(("security", [["bearer": []]]))
            pairs.append(("description", .string("Callers: \(kinds).")))
        }
        var responses: [(String, JSONValue)] = []
        for status in op.statuses {
            if let answer = op.answers.first(where: { $0.status == status }) {
                var response: [(String, JSONValue)] = [("description", .string(answer.description))]
                if let schema = answer.schema {
                    response.append(("content", .object([(answer.contentType, .object([("schema", schema)]))])))
                }
                responses.append((String(status), .object(response)))
            } else {
                responses.append((String(status), errorResponse(HTTPStatus(code: status).reasonPhrase)))
            }
        }
        responses.append(("default", errorResponse("Any other error, in the contract's error shape.")))
        pairs.append(("responses", .object(responses)))
        return .object(pairs)
    }

    static func errorResponse(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": Schema.ref("Error")]]]
    }
}
