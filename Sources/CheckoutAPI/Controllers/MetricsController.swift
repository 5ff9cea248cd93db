import CheckoutHTTP

/// `GET /metrics`: Prometheus text. On the main ports unless CHECKOUT_METRICS_PORT moves it
/// to a port of its own.
struct MetricsController: APIController {
    let metrics: MetricsRegistry

    static func operation() -> APIOperation {
        APIOperation(.get, "/metrics", summary: "Prometheus metrics: requests by route and status, latency, connections, orders.",
                     tag: "Service", answers: [.init(200, "Prometheus text format 0.0.4.", schema: ["type": "string"], contentType: "text/plain")])
    }

    func addRoutes(to routes: APIRoutes) {
        routes.add(Self.operation()) { [metrics] _ in await metrics.response() }
    }

    /// A router with only `/metrics`, for the separate metrics port.
    static func makeStandaloneResponder(_ metrics: MetricsRegistry) -> RouterResponder {
        let router = Router()
        router.get("/metrics") { _ in await metrics.response() }
        return router.buildResponder()
    }
}
