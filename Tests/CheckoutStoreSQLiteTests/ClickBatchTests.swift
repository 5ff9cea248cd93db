import CheckoutCore
import CheckoutSQLite
import Foundation
import Testing
@testable import CheckoutStoreSQLite

/// Share clicks are group-committed: the clicks waiting for the writer are recorded by one job.
@Suite struct ClickBatchTests {
    /// A database with two shops' links (made through the stores), in a folder of its own.
    struct World {
        let folder: URL
        let storage: SQLiteStorage
        let codes = ["AAAAAAAA", "BBBBBBBB"]
        let start = ManualClock().now()

        init() async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-clicks-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            storage = try SQLiteStorage.open(path: folder.appendingPathComponent("a.sqlite").path)
            let services = CheckoutServices(stores: storage.stores, clock: ManualClock())
            let sharer = try await services.sessions.createSession(platform: .sandbox, openid: "sharer").user
            for (index, code) in codes.enumerated() {
                let shop = try await services.catalog.createShop(ShopDraft(name: "Shop \(index)")).shop
                let product = try await services.catalog.createProduct(in: shop, ProductDraft(title: "Tea", price: 1_000))
                _ = try await storage.stores.shares!.create(
                    ShareLink(code: code, shopID: shop.id, productID: product.id, sharerID: sharer.id,
                              channel: .group, createdAt: start), commit: nil)
            }
        }

        /// Every row the clicks write, in a fixed order.
        func dump(_ storage: SQLiteStorage) throws -> [[SQLValue]] {
            try storage.writer.writeAndWait { db in
                try ["SELECT * FROM share_links ORDER BY code", "SELECT * FROM share_visitors ORDER BY code, viewer",
                     "SELECT * FROM share_counters ORDER BY shop_id, dimension, hour, key",
                     "SELECT * FROM product_activity ORDER BY shop_id, scene, hour, product_id"]
                    .flatMap { try db.query($0).map(\.values) }
            }
        }

        func close() {
            storage.writer.close()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// 300 clicks on two links and an unknown code: six viewers, repeats inside the batch and
    /// across the hour, valid and missing scenes, times going back as well as forward; a third
    /// carry the new-viewer hint, most of them wrongly (the viewer already has a row).
    static func clicks(from start: Timestamp) -> [ShareClick] {
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let codes = ["AAAAAAAA", "BBBBBBBB", "BBBBBBBB", "ZZZZZZZZ"]
        let scenes: [Int?] = [nil, 1008, 1007, 1044]
        let offsets: [Int64] = [0, 10, 1_800, 3_599, 3_600, 3_605, 7_300, -30]
        return (0..<300).map { _ in
            ShareClick(code: codes[next(codes.count)], viewer: "visitor:v\(next(6))", scene: scenes[next(scenes.count)],
                       at: start.adding(seconds: offsets[next(offsets.count)]), isNewViewer: next(3) == 0)
        }
    }

    @Test func oneJobForManyClicksEndsExactlyAsOneJobPerClick() async throws {
        let world = try await World()
        defer { world.close() }
        let copyPath = world.folder.appendingPathComponent("b.sqlite").path
        try DatabaseBackup.copy(from: world.storage.writer.path, to: copyPath)
        let single = try SQLiteStorage.open(path: copyPath)
        defer { single.writer.close() }
        let clicks = Self.clicks(from: world.start)

        let batched = try world.storage.writer.writeAndWait { db in try ClickBatch.record(clicks, db) }
        let oneByOne = try clicks.map { click in try single.writer.writeAndWait { db in try ClickBatch.record([click], db)[0] } }

        #expect(batched.map { $0?.outcome } == oneByOne.map { $0?.outcome })
        #expect(batched.map { $0?.link.code } == oneByOne.map { $0?.link.code })
        #expect(batched.contains { $0?.outcome == .repeatClick } && batched.contains { $0 == nil })
        #expect(try world.dump(world.storage) == world.dump(single))
        #expect(batched.map { $0?.outcome } == Self.modelOutcomes(clicks, codes: Set(world.codes)))
    }

    /// The outcomes `ClickRule` gives, replayed in memory: per link and viewer the last counted time.
    static func modelOutcomes(_ clicks: [ShareClick], codes: Set<String>) -> [ClickRule.Outcome?] {
        var lastCounted: [String: Timestamp] = [:]
        return clicks.map { click in
            guard codes.contains(click.code) else { return nil }
            let key = click.code + " " + click.viewer
            let outcome = ClickRule.outcome(lastCountedAt: lastCounted[key], now: click.at)
            if outcome != .repeatClick { lastCounted[key] = click.at }
            return outcome
        }
    }

    /// A new viewer's first click is one insert; the hint on a viewer who has a row is harmless.
    @Test func theNewViewerHintFilesAFirstVisitAndIsHarmlessWhenWrong() async throws {
        let world = try await World()
        defer { world.close() }
        let code = world.codes[0]
        let later = world.start.adding(seconds: ClickRule.repeatWindowSeconds)
        let clicks = [ShareClick(code: code, viewer: "visitor:new", scene: 1008, at: world.start, isNewViewer: true),
                      ShareClick(code: code, viewer: "visitor:new", scene: 1008, at: world.start, isNewViewer: true),
                      ShareClick(code: code, viewer: "visitor:new", scene: nil, at: later, isNewViewer: true)]
        let outcomes = try clicks.map { click in try world.storage.writer.writeAndWait { db in try ClickBatch.record([click], db)[0]?.outcome } }
        #expect(outcomes == [.firstVisit, .repeatClick, .click])
        let row = try world.storage.writer.writeAndWait { db in
            try db.queryOne("SELECT first_at, counted_at FROM share_visitors WHERE viewer = 'visitor:new'")!
        }
        #expect(try row.int64("first_at") == world.start.milliseconds && row.int64("counted_at") == later.milliseconds)
    }

    /// A click job that fails rolls back alone: each of its clicks gets the error, none is counted,
    /// and exactly the clicks answered as recorded are in the counters.
    @Test func aFailingClickJobAnswersItsClicksWithTheErrorAndCountsNoneOfThem() async throws {
        let world = try await World()
        defer { world.close() }
        try world.storage.writer.writeAndWait { db in
            try db.execute("""
                CREATE TEMP TRIGGER refuse_boom BEFORE INSERT ON share_visitors WHEN NEW.viewer = 'visitor:boom'
                BEGIN SELECT RAISE(ABORT, 'refused for the test'); END
                """)
        }
        let shares = world.storage.stores.shares!
        let code = world.codes[0]
        await #expect(throws: (any Error).self) {
            _ = try await shares.recordClick(ShareClick(code: code, viewer: "visitor:boom", scene: nil, at: world.start))
        }
        let answers = await withTaskGroup(of: Bool.self) { group in
            for n in 0..<200 {
                let viewer = n % 10 == 0 ? "visitor:boom" : "visitor:n\(n)"
                group.addTask {
                    (try? await shares.recordClick(ShareClick(code: code, viewer: viewer, scene: 1008, at: world.start))) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        let recorded = answers.filter { $0 }.count
        let link = try await shares.links(sharerID: world.storage.writer.writeAndWait { db in
            try db.queryOne("SELECT sharer_id FROM share_links WHERE code = ?", [code])!.string("sharer_id")
        }, page: .first).data.first { $0.link.code == code }
        #expect(recorded < 200)
        #expect(link?.counters.clicks == Int64(recorded))
        #expect(link?.counters.uniqueVisitors == Int64(recorded))
    }

    @Test func clicksForAClosedWriterFailAndAreNotLeftWaiting() async throws {
        let world = try await World()
        defer { world.close() }
        world.storage.writer.close()
        for _ in 0..<3 {
            await #expect(throws: (any Error).self) {
                _ = try await world.storage.stores.shares!.recordClick(
                    ShareClick(code: world.codes[0], viewer: "visitor:late", scene: nil, at: world.start))
            }
        }
    }
}
