import CheckoutCore

extension CheckoutApp {
    /// Share clicks by outcome (counted, or why not) and open live streams, for `/metrics`.
    func registerShareMetrics() {
        guard let shares, let hub = liveHub else { return }
        metrics.register(.init(name: "checkout_share_clicks_total",
                               help: "Requests for /s/{code} by outcome: counted, or why not (repeat, head, crawler, rate_limited, unknown_code).",
                               type: "counter") {
            shares.metrics.snapshot.map { (labels: "outcome=\"\($0.outcome.rawValue)\"", value: Double($0.count)) }
        })
        metrics.register(.init(name: "checkout_live_subscribers", help: "Open live stats streams.", type: "gauge") {
            [(labels: "", value: Double(hub.subscriberCount))]
        })
    }
}
