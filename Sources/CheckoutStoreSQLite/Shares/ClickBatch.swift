import CheckoutCore
import CheckoutSQLite

/// Records a batch of clicks inside one write job: per click its link, the per-viewer-hour fold
/// and the visitor row, in arrival order (a viewer's second click in the batch folds against the
/// first); then the sums once per link (`share_links`), stats cell (`share_counters`) and
/// trending row (`product_activity`). The counters end exactly as if each click had been
/// recorded by a job of its own.
enum ClickBatch {
    /// A stats group: the cells of one link and scene in one hour.
    private struct CellGroup: Hashable {
        var shopID: String
        var keys: StatsKeys
        var hour: Int64
    }

    /// A trending row: one product in one scene (0 for all) in one hour.
    private struct ActivityRow: Hashable {
        var shopID: String
        var productID: String
        var scene: Int?
        var hour: Int64
    }

    /// What the clicks add to one link.
    private struct LinkDelta {
        var lastClickAt: Int64
        var clicks: Int64 = 0
        var uniqueVisitors: Int64 = 0
    }

    /// - Returns: per click, in order, its link and outcome, or nil for an unknown code.
    static func record(_ clicks: [ShareClick], _ db: Database) throws -> [(link: ShareLink, outcome: ClickRule.Outcome)?] {
        var links: [String: ShareLink?] = [:]
        var linkDeltas: [String: LinkDelta] = [:]
        var cells: [CellGroup: (at: Timestamp, counters: ShareCounters)] = [:]
        var activity: [ActivityRow: (at: Timestamp, clicks: Int64)] = [:]
        var order: [String] = []
        var results: [(link: ShareLink, outcome: ClickRule.Outcome)?] = []
        results.reserveCapacity(clicks.count)
        for click in clicks {
            let cached = links[click.code]
            let link = try cached ?? ShareLedger.link(db, code: click.code)?.link
            if cached == nil { links[click.code] = .some(link) }
            guard let link else {
                results.append(nil)
                continue
            }
            let at = click.at.milliseconds
            let outcome = try fileVisitor(click, db)
            results.append((link, outcome))
            if linkDeltas[click.code] == nil { order.append(click.code) }
            linkDeltas[click.code, default: LinkDelta(lastClickAt: at)].lastClickAt =
                max(linkDeltas[click.code]?.lastClickAt ?? at, at)
            guard outcome != .repeatClick else { continue }
            let first: Int64 = outcome == .firstVisit ? 1 : 0
            linkDeltas[click.code]!.clicks += 1
            linkDeltas[click.code]!.uniqueVisitors += first
            let group = CellGroup(shopID: link.shopID, keys: StatsKeys(link, scene: click.scene), hour: StatsHour.of(click.at))
            cells[group, default: (click.at, ShareCounters())].counters += ShareCounters(clicks: 1, uniqueVisitors: first)
            let row = ActivityRow(shopID: link.shopID, productID: link.productID, scene: click.scene, hour: group.hour)
            activity[row, default: (click.at, 0)].clicks += 1
        }
        for code in order {
            let delta = linkDeltas[code]!
            try db.execute("""
                UPDATE share_links SET last_click_at = max(coalesce(last_click_at, 0), ?), clicks = clicks + ?,
                    unique_visitors = unique_visitors + ? WHERE code = ?
                """, [delta.lastClickAt, delta.clicks, delta.uniqueVisitors, code])
        }
        for (group, sum) in cells {
            try ShareCounterRollup.add(db, shopID: group.shopID, keys: group.keys, at: sum.at, sum.counters)
        }
        for (row, sum) in activity {
            try ShareCounterRollup.addActivity(db, shopID: row.shopID, productID: row.productID, scene: row.scene,
                                               at: sum.at, clicks: sum.clicks, paidOrders: 0)
        }
        return results
    }

    /// A first visit's row; nothing when the viewer already has one.
    static let firstVisitInsert = """
        INSERT INTO share_visitors (code, viewer, first_at, counted_at) VALUES (?1, ?2, ?3, ?3)
        ON CONFLICT (code, viewer) DO NOTHING
        """

    /// Files `click`'s viewer and says how the click counts (`ClickRule`). A viewer whose id was
    /// issued with the click cannot have a row: one INSERT files it (a row found after all takes
    /// the general path). Otherwise the last counted time is read, then the row inserted or moved.
    /// (One `INSERT … DO UPDATE … WHERE … RETURNING` for both was measured dearer: SQLite
    /// collects RETURNING rows in an ephemeral table, a zeroed page per run.)
    private static func fileVisitor(_ click: ShareClick, _ db: Database) throws -> ClickRule.Outcome {
        let at = click.at.milliseconds
        if click.isNewViewer {
            try db.execute(firstVisitInsert, [click.code, click.viewer, at])
            if db.changes == 1 { return .firstVisit }
        }
        let lastCounted = try db.queryOne("SELECT counted_at FROM share_visitors WHERE code = ? AND viewer = ?",
                                          [click.code, click.viewer])?.int64("counted_at")
        let outcome = ClickRule.outcome(lastCountedAt: lastCounted.map(Timestamp.init(milliseconds:)), now: click.at)
        if outcome != .repeatClick {
            try db.execute("""
                INSERT INTO share_visitors (code, viewer, first_at, counted_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (code, viewer) DO UPDATE SET counted_at = excluded.counted_at
                """, [click.code, click.viewer, at, at])
        }
        return outcome
    }
}
