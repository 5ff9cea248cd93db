import CheckoutAPI
import CheckoutCore
import CheckoutSQLite
import CheckoutStoreSQLite
import CheckoutTesting
import Foundation
import Testing

/// Rows written straight from the statement into the response (`ProductRecord` through
/// `JSONCursor`) against the model-based rendering (`Product` / `Page<Product>` through
/// `JSONWriter`): byte for byte, over seeded random products (hard text, nulls, extreme
/// numbers, ill-formed UTF-8 in storage) and every paging edge.
@Suite struct ProductRecordDifferentialTests {
    /// Text pieces that exercise every branch of the scan and the escaper.
    static let pieces = ["Tea", "a", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{00}", "\u{01}", "\u{1F}",
                         "\u{7F}", "é", "中文", "茶叶礼盒", "😀", "\u{2028}", "\u{2029}", "\u{2027}", "€", "“quoted”",
                         "…", "\u{FFFF}", "\u{10FFFF}", "plain ASCII of more than eight bytes", " "]

    static func text(_ random: inout SplitMix64, maxPieces: Int = 12, short: Bool = false) -> String {
        let choices = short ? pieces.filter { $0.utf8.count <= 8 } : pieces
        return (0..<Int.random(in: 0...maxPieces, using: &random)).map { _ in choices.randomElement(using: &random)! }.joined()
    }

    static func product(_ index: Int, shop: String, _ random: inout SplitMix64) -> Product {
        let numbers: [Int64] = [0, 1, 9, 10, 99, 100, 12_345, Int64(Int32.max), 999_999_999_999, Int64.max]
        let times: [Int64] = [0, -1, 1_764_000_000_123, 253_402_300_799_000, 253_402_300_800_000, -62_167_219_201_000]
        func maybe<T>(_ value: T) -> T? { Bool.random(using: &random) ? value : nil }
        let title = "T" + text(&random, maxPieces: 5)  // the schema wants 1...200 characters before any NUL
        return Product(
            id: "prod_\(index)_" + (index.isMultiple(of: 5) ? text(&random, maxPieces: 3, short: true) : ""), shopID: shop,
            title: title, description: maybe(text(&random, maxPieces: 40)), imageURL: maybe("https://img.example.com/\(index).png?a=\"b\""),
            price: numbers.randomElement(using: &random)!, currency: index.isMultiple(of: 3) ? .cny : Currency(code: "USD")!,
            stock: maybe(numbers.randomElement(using: &random)!), active: index.isMultiple(of: 4) ? false : true,
            commissionBps: maybe(Int.random(in: 0...3000, using: &random)),
            createdAt: Timestamp(milliseconds: 1_764_000_000_000 + Int64(index % 7) * 1000),  // ties: ordered by id
            updatedAt: Timestamp(milliseconds: times.randomElement(using: &random)!))
    }

    /// A fresh database holding `products` of shop `shop_1` (and an empty shop `shop_2`).
    static func withStore(_ products: [Product], _ body: (SQLiteStorage, SQLiteProductStore) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let storage = try SQLiteStorage.open(path: folder.appendingPathComponent("db.sqlite").path)
        defer { storage.close() }
        for id in ["shop_1", "shop_2"] {
            _ = try await SQLiteShopStore(storage).insert(Shop(id: id, name: id, currency: .cny, createdAt: Timestamp(seconds: 0)),
                                                          secretKeyHash: "hash-\(id)", commit: nil)
        }
        let store = SQLiteProductStore(storage)
        for product in products { _ = try await store.insert(product, commit: nil) }
        try await body(storage, store)
    }

    /// What the event loop answers for product `id` (nil: the record handed over was nil).
    static func recordBytes(_ store: SQLiteProductStore, id: String) throws -> [UInt8]? {
        var json = JSONWriter()
        var found = false
        #expect(try store.withProductNow(id: id, lane: 0) { record in
            guard let record else { return }
            found = true
            json.value(record)
        })
        return found ? json.bytes : nil
    }

    /// What the event loop answers for a page (nil: no such shop).
    static func pageBytes(_ store: SQLiteProductStore, shop: String, _ page: PageRequest) throws -> [UInt8]? {
        var json = JSONWriter()
        json.beginPage()
        guard case .value(let end) = try store.activeProductsNow(ofShop: shop, page: page, lane: 0, { json.value($0) })
        else { Issue.record("lane 0 did not answer"); return nil }
        guard let hasMore = end else { return nil }
        json.endPage(hasMore: hasMore)
        return json.bytes
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func everyRandomProduct_IsWrittenAsTheModelWritesIt(seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        let products = (0..<150).map { Self.product($0, shop: "shop_1", &random) }
        try await Self.withStore(products) { _, store in
            for product in products {
                let bytes = try #require(try Self.recordBytes(store, id: product.id))
                #expect(bytes == product.jsonBytes, "seed \(seed), \(product.id)")
                #expect(try await store.product(id: product.id)?.jsonBytes == product.jsonBytes, "seed \(seed), \(product.id)")
            }
            #expect(try Self.recordBytes(store, id: "prod_unknown") == nil)
        }
    }

    @Test func illFormedUTF8InStorage_IsRepairedAsTheModelRepairsIt() async throws {
        var random = SplitMix64(seed: 7)
        let products = (0..<120).map { Self.product($0 * 4 + 1, shop: "shop_1", &random) }
        // Named cases first (bad leads, truncations, surrogates, past U+10FFFF, overlongs), then
        // seeded random bytes, mostly above 0x7F.
        var texts: [[UInt8]] = [[0xFF], [0x61, 0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x80],
                                [0xC0, 0xAF, 0x22, 0x5C], [0xE0, 0x80, 0xAF], [0xF0, 0x8F, 0xBF, 0xBF], [0xE2, 0x80, 0xA8, 0x80]]
        while texts.count < products.count {
            texts.append((0..<Int.random(in: 1...24, using: &random)).map { _ in
                Bool.random(using: &random) ? UInt8.random(in: 0x80...0xFF, using: &random) : UInt8.random(in: 0...0x7F, using: &random)
            })
        }
        let stored = texts
        try await Self.withStore(products) { storage, store in
            try await storage.writer.write { db in
                for (product, bytes) in zip(products, stored) {
                    try db.execute("UPDATE products SET title = CAST(? AS TEXT), description = CAST(? AS TEXT) WHERE id = ?",
                                   [[0x54] + bytes, bytes, product.id])
                }
            }
            for (product, bytes) in zip(products, texts) {
                var repaired = product
                repaired.title = String(decoding: [0x54] + bytes, as: UTF8.self)
                repaired.description = String(decoding: bytes, as: UTF8.self)
                #expect(try Self.recordBytes(store, id: product.id) == repaired.jsonBytes, "\(bytes)")
            }
        }
    }

    @Test func everyPageEdge_IsWrittenAsTheModelPageIsWritten() async throws {
        var random = SplitMix64(seed: 11)
        let products = (0..<23).map { Self.product($0, shop: "shop_1", &random) }
        // Newest first, ties by id, inactive ones left out: the contract's order.
        let visible = products.filter(\.active).sorted { a, b in
            a.createdAt != b.createdAt ? a.createdAt > b.createdAt : b.id.utf8.lexicographicallyPrecedes(a.id.utf8)
        }
        try await Self.withStore(products) { _, store in
            for limit in [1, 2, 5, visible.count - 1, visible.count, visible.count + 1, 100] {
                var cursor: String?
                var seen = 0
                repeat {
                    let page = try PageRequest(limit: limit, startingAfter: cursor)
                    let pooled = try #require(try await store.activeProducts(ofShop: "shop_1", page: page))
                    let expected = Page(data: Array(visible[seen..<min(seen + limit, visible.count)]),
                                        hasMore: seen + limit < visible.count)
                    #expect(pooled.jsonBytes == expected.jsonBytes, "limit \(limit) after \(cursor ?? "-")")
                    #expect(try Self.pageBytes(store, shop: "shop_1", page) == expected.jsonBytes, "limit \(limit) after \(cursor ?? "-")")
                    seen += expected.data.count
                    cursor = expected.data.last?.id
                } while seen < visible.count
            }
            let first = try PageRequest(limit: 3)
            #expect(try Self.pageBytes(store, shop: "shop_2", first) == Page<Product>(data: [], hasMore: false).jsonBytes)
            #expect(try Self.pageBytes(store, shop: "shop_unknown", first) == nil)
            #expect(try Self.pageBytes(store, shop: "shop_unknown", try PageRequest(startingAfter: visible[0].id)) == nil)
            #expect(throws: CheckoutError.self) {
                try Self.pageBytes(store, shop: "shop_1", try PageRequest(startingAfter: "prod_unknown"))
            }
        }
    }
}
