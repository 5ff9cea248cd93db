@testable import CheckoutAPI
@testable import CheckoutHTTP
import Testing

/// The Prometheus text of the request counters and latency histograms: one slot per method
/// and route holds both, rendered sorted by route, method and status.
@Suite struct HTTPMetricsTests {
    func record(_ method: HTTPMethod, _ route: String?, _ status: Int, micros: Int64) -> ExchangeRecord {
        ExchangeRecord(method: method, route: route, status: status, bodyBytes: 10, durationMicroseconds: micros)
    }

    @Test func render_CountsByRouteMethodAndStatusInSortedOrder() {
        let metrics = HTTPMetrics()
        metrics.exchangeCompleted(record(.get, "/v1/products/{id}", 404, micros: 300))
        metrics.exchangeCompleted(record(.get, "/v1/products/{id}", 200, micros: 700))
        metrics.exchangeCompleted(record(.get, "/v1/products/{id}", 200, micros: 2_000_000))
        metrics.exchangeCompleted(record(.post, "/v1/orders", 201, micros: 20_000_000))
        metrics.exchangeCompleted(record(.get, nil, 404, micros: 100))
        metrics.exchangeCompleted(record(.get, "/a\"b", 200, micros: 100))
        var text = ""
        metrics.render(into: &text)
        let counters = text.split(separator: "\n").filter { $0.hasPrefix("checkout_http_requests_total{") }
        #expect(counters == [
            #"checkout_http_requests_total{method="GET",route="/a\"b",status="200"} 1"#,
            #"checkout_http_requests_total{method="POST",route="/v1/orders",status="201"} 1"#,
            #"checkout_http_requests_total{method="GET",route="/v1/products/{id}",status="200"} 2"#,
            #"checkout_http_requests_total{method="GET",route="/v1/products/{id}",status="404"} 1"#,
            #"checkout_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        ])
        let product = text.split(separator: "\n").filter { $0.contains(#"route="/v1/products/{id}""#) && !$0.hasPrefix("checkout_http_requests_total") }
        #expect(product.count == HTTPMetrics.buckets.count + 3)
        #expect(product.contains(#"checkout_http_request_duration_seconds_bucket{method="GET",route="/v1/products/{id}",le="0.0005"} 1"#))
        #expect(product.contains(#"checkout_http_request_duration_seconds_bucket{method="GET",route="/v1/products/{id}",le="0.001"} 2"#))
        #expect(product.contains(#"checkout_http_request_duration_seconds_bucket{method="GET",route="/v1/products/{id}",le="2.5"} 3"#))
        #expect(product.contains(#"checkout_http_request_duration_seconds_bucket{method="GET",route="/v1/products/{id}",le="+Inf"} 3"#))
        #expect(product.contains(#"checkout_http_request_duration_seconds_sum{method="GET",route="/v1/products/{id}"} 2.001"#))
        #expect(product.contains(#"checkout_http_request_duration_seconds_count{method="GET",route="/v1/products/{id}"} 3"#))
        // Past the last bound only +Inf counts it.
        #expect(text.contains(#"checkout_http_request_duration_seconds_bucket{method="POST",route="/v1/orders",le="10.0"} 0"#))
        #expect(text.contains(#"checkout_http_request_duration_seconds_bucket{method="POST",route="/v1/orders",le="+Inf"} 1"#))
        // Counters come before histograms, each block under its HELP and TYPE lines.
        let lines = text.split(separator: "\n")
        #expect(lines.first == "# HELP checkout_http_requests_total HTTP requests answered, by method, route and status.")
        #expect(lines.firstIndex { $0.hasPrefix("checkout_http_request_duration") }! > lines.lastIndex { $0.hasPrefix("checkout_http_requests_total{") }!)
    }
}
