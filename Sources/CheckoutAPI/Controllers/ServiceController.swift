import CheckoutCore
import CheckoutHTTP
import CheckoutThreads

/// `GET /healthz` (the process serves), `GET /readyz` (a read connection and the writer answer) and
/// `GET /openapi.json` (the contract).
struct ServiceController: APIController {
    static let healthBody = Array(#"{"status":"ok"}"#.utf8)
    static let readyBody = Array(#"{"status":"ready"}"#.utf8)
    let health: any StoreHealth

    static let statusSchema = Schema.object([("status", Schema.string)], required: ["status"])

    func addRoutes(to routes: APIRoutes) {
        routes.addInline(APIOperation(.get, "/healthz", summary: "Liveness: 200 while the process serves.", tag: "Service",
                                      answers: [.init(200, "Serving.", schema: Self.statusSchema)])) { _ in
            .json(Self.healthBody)
        }
        routes.add(APIOperation(.get, "/readyz", summary: "Readiness: 200 when the database answers, else 503.",
                                tag: "Service", answers: [.init(200, "Ready.", schema: Self.statusSchema)],
                                errors: [503])) { [health] _ in
            try await withDeadline(.seconds(2), onTimeout: { Self.notReady }) {
                do {
                    try await health.checkReady()
                } catch {
                    throw Self.notReady
                }
            }
            return .json(Self.readyBody)
        }
    }

    static let notReady = CheckoutError(.unavailable, "The database is not answering.")

    /// Registers `/openapi.json`; call after every other route so the document describes them all.
    /// - Returns: the document it serves.
    func addOpenAPIRoute(to routes: APIRoutes) -> [UInt8] {
        let operation = APIOperation(.get, "/openapi.json", summary: "This contract as OpenAPI 3.1.", tag: "Service",
                                     answers: [.init(200, "The OpenAPI document.", schema: ["type": "object"])])
        let document = OpenAPIDocument.make(operations: routes.operations + [operation], schemas: APISchemas.all + APISchemas.shares)
        let body = Array(document.serialized().utf8)
        routes.add(operation) { _ in .json(body) }
        return body
    }
}
