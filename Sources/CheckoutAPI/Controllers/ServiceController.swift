import CheckoutHTTP

/// `GET /healthz`: 200 while the process serves.
struct ServiceController: RouteCollection {
    static let healthBody = Array(#"{"status":"ok"}"#.utf8)

    func addRoutes(to routes: RouterGroup) {
        routes.onInline(.get, "/healthz") { _ in
            .json(Self.healthBody)
        }
    }
}
