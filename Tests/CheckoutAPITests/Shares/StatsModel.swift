import CheckoutCore

/// The stats a test expects, recomputed from the raw events it made (API.md rules written
/// out plainly): one row of counters per (dimension, key, hour).
struct StatsModel {
    struct Link {
        var code: String
        var channel: String
        var sharer: String
        var product: String
    }

    struct Fact {
        var hour: Int64
        var keys: [String: String]  // dimension -> key ("none" for null)
        var counters: ShareCounters
    }

    var links: [String: Link] = [:]
    var facts: [Fact] = []
    var lastCounted: [String: Timestamp] = [:]
    var lastClick: [String: Timestamp] = [:]
    /// Credited orders: order id -> (link, scene).
    var credited: [String: (link: Link, scene: Int?)] = [:]

    mutating func record(_ link: Link, scene: Int?, at time: Timestamp, _ counters: ShareCounters) {
        facts.append(Fact(hour: StatsHour.of(time), keys: [
            "channel": link.channel, "scene": scene.map(String.init) ?? "none", "sharer": link.sharer,
            "product": link.product, "hour": Timestamp(seconds: StatsHour.of(time) * 3600).rfc3339,
        ], counters: counters))
    }

    mutating func share(_ link: Link, at time: Timestamp) {
        links[link.code] = link
        record(link, scene: nil, at: time, ShareCounters(shares: 1))
    }

    mutating func click(_ code: String, viewer: String, scene: String?, at time: Timestamp) {
        let link = links[code]!
        lastClick[code] = time
        let key = code + "|" + viewer
        if let last = lastCounted[key], time.milliseconds - last.milliseconds < 3_600_000 { return }
        let first = lastCounted[key] == nil
        lastCounted[key] = time
        record(link, scene: ChatScene.parse(scene), at: time, ShareCounters(clicks: 1, uniqueVisitors: first ? 1 : 0))
    }

    mutating func order(_ id: String, code: String, buyer: String, scene: Int?, at time: Timestamp) {
        let link = links[code]!
        guard link.sharer != buyer, let click = lastClick[code],
              time.milliseconds - click.milliseconds <= 7 * 86_400_000 else { return }
        credited[id] = (link, ChatScene.normalize(scene))
        record(link, scene: ChatScene.normalize(scene), at: time, ShareCounters(orders: 1))
    }

    mutating func paid(_ id: String, amount: Int64, at time: Timestamp) {
        guard let (link, scene) = credited[id] else { return }
        record(link, scene: scene, at: time, ShareCounters(paidOrders: 1, gmv: amount))
    }

    mutating func refunded(_ id: String, amount: Int64, at time: Timestamp) {
        guard let (link, scene) = credited[id] else { return }
        record(link, scene: scene, at: time, ShareCounters(refunded: amount))
    }

    /// Expected rows of `dimension` over hour buckets in `hours` (all when nil), by key.
    func rows(_ dimension: String, hours: Range<Int64>? = nil) -> [String: ShareCounters] {
        var rows: [String: ShareCounters] = [:]
        for fact in facts where hours?.contains(fact.hour) ?? true {
            rows[fact.keys[dimension]!, default: ShareCounters()] += fact.counters
        }
        return rows
    }
}
