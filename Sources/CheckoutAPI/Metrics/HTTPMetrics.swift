import Foundation
import CheckoutHTTP
import CheckoutThreads

/// Request counters by route and status, and a latency histogram by route, fed by the
/// server on every answered request and rendered in Prometheus text format.
public final class HTTPMetrics: ServerObserver {
    /// Histogram bucket upper bounds in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct CounterKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    struct RouteKey: Hashable {
        let method: String
        let route: String
    }

    struct Histogram {
        var counts = [Int](repeating: 0, count: HTTPMetrics.buckets.count)
        var count = 0
        var sumMicroseconds: Int64 = 0

        mutating func record(microseconds: Int64, bucket: Int?) {
            if let bucket { counts[bucket] += 1 }
            count += 1
            sumMicroseconds += microseconds
        }
    }

    private struct State {
        var requests: [CounterKey: Int] = [:]
        var latency: [RouteKey: Histogram] = [:]
    }

    private let state = Locked(State())

    public init() {}

    public func exchangeCompleted(_ record: ExchangeRecord) {
        let route = record.route ?? "unmatched"
        let seconds = Double(record.durationMicroseconds) / 1_000_000
        let bucket = Self.buckets.firstIndex { seconds <= $0 }
        state.withLock { state in
            state.requests[CounterKey(method: record.method.rawValue, route: route, status: record.status), default: 0] += 1
            // In place: a copy out of the dictionary would copy `counts` on every request.
            state.latency[RouteKey(method: record.method.rawValue, route: route), default: Histogram()]
                .record(microseconds: record.durationMicroseconds, bucket: bucket)
        }
    }

    /// The counters and histograms in Prometheus text exposition format.
    public func render(into text: inout String) {
        let snapshot = state.withLock { $0 }
        text += "# HELP checkout_http_requests_total HTTP requests answered, by method, route and status.\n"
        text += "# TYPE checkout_http_requests_total counter\n"
        for (key, count) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            text += "checkout_http_requests_total{method=\"\(key.method)\",route=\"\(Self.escape(key.route))\",status=\"\(key.status)\"} \(count)\n"
        }
        text += "# HELP checkout_http_request_duration_seconds Time from a complete request to its response, by route.\n"
        text += "# TYPE checkout_http_request_duration_seconds histogram\n"
        for (key, histogram) in snapshot.latency.sorted(by: { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }) {
            let labels = "method=\"\(key.method)\",route=\"\(Self.escape(key.route))\""
            var cumulative = 0
            for (index, bound) in Self.buckets.enumerated() {
                cumulative += histogram.counts[index]
                text += "checkout_http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(cumulative)\n"
            }
            text += "checkout_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
            text += "checkout_http_request_duration_seconds_sum{\(labels)} \(Double(histogram.sumMicroseconds) / 1_000_000)\n"
            text += "checkout_http_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
        }
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
