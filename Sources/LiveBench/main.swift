// `make bench-live`: the delay from a payment notification's COMMIT to its `order_paid` event on
// every one of N live streams (default 1,000), and the memory those idle streams cost. The app
// runs in this process (release build, SQLite, the real server on loopback), so the commit can be
// stamped where it happens: a payment listener, called once the payment's transaction returned.
// The subscribers are raw sockets read with poll(2) on one thread, stamped on the same clock.
// Usage: LiveBench [subscribers] [payments]
import CheckoutAPI
import CheckoutCore
import CheckoutHTTP
import CheckoutStoreSQLite
import CheckoutTesting
import Foundation
import Logging
import CheckoutThreads

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let subscriberCount = arguments.first ?? 1_000
let paymentCount = arguments.dropFirst().first ?? 40

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-live-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder.appendingPathComponent("Public"), withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
var configuration = AppConfiguration()
configuration.databasePath = folder.appendingPathComponent("bench.sqlite").path
configuration.publicDirectory = folder.appendingPathComponent("Public").path
configuration.adminToken = InProcessApp.adminToken
configuration.sandbox = true
configuration.server.host = "127.0.0.1"
configuration.server.httpPort = 0
var logger = Logger(label: "live-bench")
logger.logLevel = .warning
let storage = try SQLiteStorage.open(path: configuration.databasePath)
let app = try CheckoutApp(configuration: configuration, logger: logger, stores: storage.stores)
let commits = Locked<[String: UInt64]>([:])
app.payments.service.addListener { application in
    let now = LiveSubscribers.now()
    if let orderID = application.orderID { commits.withLock { $0[orderID] = now } }
}
let server = app.makeServer()
try server.start()
defer { server.shutdown(); app.shutdown() }

let fixture = CommerceFixture(.live(port: server.httpPort ?? 0))
let shop = try await fixture.createShop()
let product = try await fixture.createProduct(shop, price: 1_500)
let buyer = try await fixture.login("live-bench-buyer")

func rssKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func loadAverage() -> String {
    ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
}

let rssBefore = rssKiB()
let subscribers = try await Blocking.run {
    try LiveSubscribers(port: server.httpPort ?? 0, count: subscriberCount, authorization: "Bearer \(shop.key)")
}
try await Task.sleep(for: .seconds(2))
let rssIdle = rssKiB()
print("load average \(loadAverage()); \(subscriberCount) live streams, \(paymentCount) payments, one shop")
print("RSS \(rssBefore) KiB before the streams, \(rssIdle) KiB with them idle "
      + "(\(String(format: "%.1f", Double(rssIdle - rssBefore) / Double(subscriberCount))) KiB a stream, both ends in this process)")

var delays: [Double] = []
var lastStream: [Double] = []
for n in 0..<paymentCount {
    let placed = try await fixture.placeOrder(buyer, shopID: shop.id, items: [(product, 1)])
    guard let order = placed.json["id"] as? String else { throw BenchError("order: \(placed.text)") }
    let started = try await fixture.client.post("/v1/orders/\(order)/payments", json: #"{"provider":"sandbox"}"#,
                                                headers: CommerceFixture.bearer(buyer).merging(["Idempotency-Key": "pay-\(n)-\(order)"]) { $1 })
    guard started.status == 201 else { throw BenchError("payment: \(started.text)") }
    subscribers.drain()
    async let paid = fixture.client.post("/v1/sandbox/orders/\(order)/pay", headers: CommerceFixture.bearer(buyer))
    let arrivals = try await Blocking.run { try subscribers.waitForAll(order) }
    guard try await paid.status == 200, let committed = commits.withLock({ $0[order] }) else {
        throw BenchError("the sandbox payment of \(order) did not commit")
    }
    let ms = arrivals.map { Double(Int64($0) - Int64(committed)) / 1e6 }
    delays += ms
    lastStream.append(ms.max() ?? 0)
    try await Task.sleep(for: .milliseconds(Int.random(in: 50...250)))  // land at any phase of the 1 s counters tick
}
subscribers.close()
delays.sort()
lastStream.sort()
print("commit -> order_paid on each stream (\(delays.count) deliveries): p50 \(String(format: "%.1f", percentile(delays, 0.5))) ms, "
      + "p99 \(String(format: "%.1f", percentile(delays, 0.99))) ms, max \(String(format: "%.1f", delays.last ?? 0)) ms")
print("commit -> the last of the \(subscriberCount) streams, per payment: p50 \(String(format: "%.1f", percentile(lastStream, 0.5))) ms, "
      + "max \(String(format: "%.1f", lastStream.last ?? 0)) ms; load average \(loadAverage())")
fflush(nil)
