import CheckoutHTTP
import CheckoutThreads

/// Everything `/metrics` shows: HTTP metrics plus gauges and counters that other parts
/// (the server's open connections, orders and payments by outcome) register as closures.
public final class MetricsRegistry: Sendable {
    /// A named family of samples: `samples` returns label sets (already rendered) and values.
    public struct Family: Sendable {
        public let name: String
        public let help: String
        public let type: String
        public let samples: @Sendable () async throws -> [(labels: String, value: Double)]

        public init(name: String, help: String, type: String,
                    samples: @escaping @Sendable () async throws -> [(labels: String, value: Double)]) {
            self.name = name
            self.help = help
            self.type = type
            self.samples = samples
        }
    }

    public let http = HTTPMetrics()
    private let families = Locked<[Family]>([])

    public init() {}

    /// Adds a family; rendered in registration order after the HTTP metrics.
    public func register(_ family: Family) {
        families.withLock { $0.append(family) }
    }

    /// The Prometheus text exposition (version 0.0.4).
    public func render() async -> String {
        var text = ""
        http.render(into: &text)
        for family in families.withLock({ $0 }) {
            guard let samples = try? await family.samples() else { continue }
            text += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(family.type)\n"
            for sample in samples {
                let labels = sample.labels.isEmpty ? "" : "{\(sample.labels)}"
                let value = sample.value == sample.value.rounded() && abs(sample.value) < 1e15
                    ? String(Int64(sample.value)) : String(sample.value)
                text += "\(family.name)\(labels) \(value)\n"
            }
        }
        return text
    }

    /// The `/metrics` response.
    public func response() async -> Response {
        .text(await render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}
