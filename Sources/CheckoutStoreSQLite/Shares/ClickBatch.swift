import CheckoutCore
import CheckoutSQLite

/// Records a batch of clicks inside one write job: per click its link, the per-viewer-hour fold
/// and the visitor row, in arrival order (a viewer's second click in the batch folds against the
/// first); then the sums once per link (`share_links`), stats cell (`share_counters`) and
/// trending row (`product_activity`). The counters end exactly as if each click had been
/// recorded by a job of its own.
enum ClickBatch {
    /// A stats group: the cells of one link and scene in one hour.
    private struct CellGroup: Equatable {
        var shopID: String
        var keys: StatsKeys
        var hour: Int64
    }

    /// A trending row: one product in one scene (0 for all) in one hour.
    private struct ActivityRow: Equatable {
        var shopID: String
        var productID: String
        var scene: Int?
        var hour: Int64
    }

    /// A code of the batch, its link (nil: unknown) and what the clicks add to it.
    private struct LinkEntry {
        var code: String
        var link: ShareLink?
        var lastClickAt: Int64
        var clicks: Int64 = 0
        var uniqueVisitors: Int64 = 0
    }

    /// - Returns: per click, in order, its link and outcome, or nil for an unknown code.
    ///
    /// A batch holds a few distinct links, groups and rows (most often one of each), so they are
    /// found by a linear search from the end: cheaper than hashing their strings per click.
    static func record(_ clicks: [ShareClick], _ db: Database) throws -> [(link: ShareLink, outcome: ClickRule.Outcome)?] {
        var links: [LinkEntry] = []
        var cells: [(group: CellGroup, at: Timestamp, counters: ShareCounters)] = []
        var activity: [(row: ActivityRow, at: Timestamp, clicks: Int64)] = []
        var results: [(link: ShareLink, outcome: ClickRule.Outcome)?] = []
        results.reserveCapacity(clicks.count)
        // Looked up once per batch: the cache is keyed by the SQL text, hashed at every lookup.
        let firstVisit = try db.cachedStatement(firstVisitInsert)
        for click in clicks {
            let at = click.at.milliseconds
            let index: Int
            if let known = links.lastIndex(where: { $0.code == click.code }) {
                index = known
            } else {
                links.append(LinkEntry(code: click.code, link: try ShareLedger.link(db, code: click.code)?.link, lastClickAt: at))
                index = links.count - 1
            }
            guard let link = links[index].link else {
                results.append(nil)
                continue
            }
            let outcome = try fileVisitor(click, db, firstVisit: firstVisit)
            results.append((link, outcome))
            links[index].lastClickAt = max(links[index].lastClickAt, at)
            guard outcome != .repeatClick else { continue }
            let first: Int64 = outcome == .firstVisit ? 1 : 0
            links[index].clicks += 1
            links[index].uniqueVisitors += first
            let counters = ShareCounters(clicks: 1, uniqueVisitors: first)
            let group = CellGroup(shopID: link.shopID, keys: StatsKeys(link, scene: click.scene), hour: StatsHour.of(click.at))
            if let known = cells.lastIndex(where: { $0.group == group }) {
                cells[known].counters += counters
            } else {
                cells.append((group, click.at, counters))
            }
            let row = ActivityRow(shopID: link.shopID, productID: link.productID, scene: click.scene, hour: group.hour)
            if let known = activity.lastIndex(where: { $0.row == row }) {
                activity[known].clicks += 1
            } else {
                activity.append((row, click.at, 1))
            }
        }
        for entry in links where entry.link != nil {
            try db.execute("""
                UPDATE share_links SET last_click_at = max(coalesce(last_click_at, 0), ?), clicks = clicks + ?,
                    unique_visitors = unique_visitors + ? WHERE code = ?
                """, [entry.lastClickAt, entry.clicks, entry.uniqueVisitors, entry.code])
        }
        for sum in cells {
            try ShareCounterRollup.add(db, shopID: sum.group.shopID, keys: sum.group.keys, at: sum.at, sum.counters)
        }
        for sum in activity {
            try ShareCounterRollup.addActivity(db, shopID: sum.row.shopID, productID: sum.row.productID, scene: sum.row.scene,
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
    private static func fileVisitor(_ click: ShareClick, _ db: Database, firstVisit: Statement) throws -> ClickRule.Outcome {
        let at = click.at.milliseconds
        if click.isNewViewer {
            try firstVisit.execute([click.code, click.viewer, at])
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
