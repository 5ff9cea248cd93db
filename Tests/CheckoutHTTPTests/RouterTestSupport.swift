@testable import CheckoutHTTP
import CheckoutThreads

/// Records what middleware and handlers did, in order, across tasks.
final class Trace: Sendable {
    private let events = Locked<[String]>([])
    func record(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

extension Response {
    /// The body as text when it is held in memory.
    var text: String? {
        guard case .bytes(let bytes) = body else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A handler that answers with `label` and the captured parameters, `name=value;…`.
func echo(_ label: String) -> RouteHandler {
    { request in
        let params = request.parameters.names.map { "\($0)=\(request.parameters[$0]!)" }.joined(separator: ";")
        return .text(params.isEmpty ? label : "\(label) \(params)")
    }
}

func send(_ responder: some HTTPResponder, _ method: HTTPMethod = .get, _ target: String,
          headers: HTTPFields = [:]) async throws -> Response {
    try await responder.respond(to: Request(method: method, target: target, headers: headers))
}

/// Literal, parameter and catch-all routes side by side (the router tests' table).
func makeShopRouter() -> Router {
    let router = Router()
    router.get("/", echo("root"))
    router.get("/v1/orders", echo("list"))
    router.post("/v1/orders", echo("create"))
    router.get("/v1/orders/export", echo("export"))
    router.get("/v1/orders/{id}", echo("order"))
    router.delete("/v1/orders/{order_id}", echo("cancel"))
    router.get("/v1/orders/{id}/items", echo("items"))
    router.get("/v1/shops/{shop_id}/orders/{id}", echo("shop-order"))
    router.post("/v1/sessions", echo("login"))
    router.get("/assets/{path...}", echo("asset"))
    router.get("/files/{kind}/{rest...}", echo("file"))
    return router
}
