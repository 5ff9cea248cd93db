import Foundation
import CheckoutHTTP
import CheckoutThreads

/// Request counters by route and status, and a latency histogram by route, fed by the
/// server on every answered request and rendered in Prometheus text format.
public final class HTTPMetrics: ServerObserver {
    /// Histogram bucket upper bounds in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct RouteKey: Hashable {
        let method: String
        let route: String

        /// The lengths and two inner bytes of the route: enough to tell a few dozen patterns
        /// apart, for a fraction of hashing every byte of both strings (every request hashes
        /// one key); equality still compares the whole strings.
        func hash(into hasher: inout Hasher) {
            hasher.combine(route.utf8.count << 8 | method.utf8.count)
            let inner = route.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.isEmpty ? 0 : Int(bytes[bytes.count / 2]) << 8 | Int(bytes[bytes.count * 3 / 4])
            }
            hasher.combine(inner ?? route.hashValue)
        }
    }

    /// Everything counted for one method and route: one dictionary lookup a request finds
    /// both the status counter and the histogram (two lookups, each hashing the route, before).
    struct RouteSlot {
        /// Requests by status, in first-seen order (a route answers a handful of statuses).
        var statuses: [(status: Int, count: Int)] = []
        var latency = Histogram()

        mutating func record(status: Int, microseconds: Int64, bucket: Int?) {
            if let index = statuses.firstIndex(where: { $0.status == status }) {
                statuses[index].count += 1
            } else {
                statuses.append((status, 1))
            }
            latency.record(microseconds: microseconds, bucket: bucket)
        }
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

    private let slots = Locked([RouteKey: RouteSlot]())

    public init() {}

    public func exchangeCompleted(_ record: ExchangeRecord) {
        let key = RouteKey(method: record.method.rawValue, route: record.route ?? "unmatched")
        let seconds = Double(record.durationMicroseconds) / 1_000_000
        let bucket = Self.buckets.firstIndex { seconds <= $0 }
        slots.withLock { slots in
            // In place: a copy out of the dictionary would copy the slot's arrays on every request.
            slots[key, default: RouteSlot()].record(status: record.status, microseconds: record.durationMicroseconds,
                                                   bucket: bucket)
        }
    }

    /// The counters and histograms in Prometheus text exposition format.
    public func render(into text: inout String) {
        let snapshot = slots.withLock { $0 }.sorted { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }
        text += "# HELP checkout_http_requests_total HTTP requests answered, by method, route and status.\n"
        text += "# TYPE checkout_http_requests_total counter\n"
        for (key, slot) in snapshot {
            for (status, count) in slot.statuses.sorted(by: { $0.status < $1.status }) {
                text += "checkout_http_requests_total{method=\"\(key.method)\",route=\"\(Self.escape(key.route))\",status=\"\(status)\"} \(count)\n"
            }
        }
        text += "# HELP checkout_http_request_duration_seconds Time from a complete request to its response, by route.\n"
        text += "# TYPE checkout_http_request_duration_seconds histogram\n"
        for (key, slot) in snapshot {
            let histogram = slot.latency
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
