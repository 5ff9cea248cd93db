import CheckoutCore
import CheckoutHTTP
import Foundation

/// `chatcheckout serve --demo`: when the database has no shop yet, creates a demo shop with a
/// few products (one with limited stock) and returns the lines to print: the shop id, its
/// secret key and curl lines that work as printed against this server.
///
/// The demo shop's id and key are kept in `demo-shop.json` (mode 0600) next to the database,
/// so a restart prints the same working lines; a database that already has other shops is
/// left alone.
public struct DemoSeeder: Sendable {
    /// What `demo-shop.json` holds.
    struct Record: Codable {
        var shopID: String
        var secretKey: String
        enum CodingKeys: String, CodingKey {
            case shopID = "shop_id"
            case secretKey = "secret_key"
        }
    }

    /// The demo catalog: title, price in fen, stock (nil = unlimited).
    static let products: [(String, String, Int64, Int64?)] = [
        ("Jasmine green tea, 100 g", "Spring harvest from Fujian.", 3_800, nil),
        ("Porcelain tea cup", "Hand-painted, 120 ml.", 4_500, nil),
        ("Oolong gift box (limited)", "Only a few boxes this season.", 12_800, 5),
        ("Bamboo tea tray", "Drains into a hidden basin.", 16_800, 20),
    ]

    let services: CheckoutServices
    let recordURL: URL
    /// The base URL the curl lines use, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String
    let sandbox: Bool

    /// - Parameter app: the assembled app; its configuration gives the address and data folder.
    public init(app: CheckoutApp) {
        self.services = app.services
        let database = URL(fileURLWithPath: app.configuration.databasePath)
        self.recordURL = database.deletingLastPathComponent().appendingPathComponent("demo-shop.json")
        self.baseURL = Self.baseURL(app.configuration)
        self.sandbox = app.configuration.sandbox
    }

    /// Seeds the demo shop when the database has none, and returns the lines to print.
    public func run() async throws -> [String] {
        let record: Record
        var lines: [String]
        if try await !services.catalog.hasShops() {
            record = try await seed()
            lines = ["Demo shop created."]
        } else if let saved = readRecord(), (try? await services.catalog.shop(id: saved.shopID)) != nil {
            record = saved
            lines = ["Demo shop from an earlier run (id and key kept in \(recordURL.path))."]
        } else {
            return ["--demo: the database already has shops, so no demo shop was seeded.",
                    "Create one with `chatcheckout shops create --name NAME` or POST /v1/shops (admin token)."]
        }
        let catalog = try await services.catalog.publicProducts(shopID: record.shopID, page: .first).data
        lines += ["  shop_id:    \(record.shopID)", "  secret_key: \(record.secretKey)"]
        for product in catalog.reversed() {
            let stock = product.stock.map { "\($0) in stock" } ?? "unlimited"
            lines.append("  product:    \(product.id)  \(product.title)  \(product.price) fen  (\(stock))")
        }
        guard let product = catalog.last(where: { $0.stock == nil }) ?? catalog.last else { return lines }
        lines += curlLines(shopID: record.shopID, secretKey: record.secretKey, productID: product.id)
        return lines
    }

    func seed() async throws -> Record {
        let creation = try await services.catalog.createShop(ShopDraft(name: "Demo Tea House"))
        for (title, description, price, stock) in Self.products {
            _ = try await services.catalog.createProduct(
                in: creation.shop, ProductDraft(title: title, description: description, price: price, stock: stock))
        }
        let record = Record(shopID: creation.shop.id, secretKey: creation.secretKey)
        let data = try JSONEncoder().encode(record)
        guard FileManager.default.createFile(atPath: recordURL.path, contents: data,
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: recordURL.path])
        }
        return record
    }

    func readRecord() -> Record? {
        guard let data = FileManager.default.contents(atPath: recordURL.path) else { return nil }
        return try? JSONDecoder().decode(Record.self, from: data)
    }

    func curlLines(shopID: String, secretKey: String, productID: String) -> [String] {
        let curl = baseURL.hasPrefix("https") ? "curl -sk" : "curl -s"
        let json = "-H 'Content-Type: application/json'"
        var lines = ["", "Try it (paste into a shell):"]
        if !sandbox {
            lines.append("# sandbox login needs CHECKOUT_SANDBOX=1 (make run sets it)")
        }
        lines += [
            "\(curl) \(baseURL)/v1/shops/\(shopID)/products",
            "TOKEN=$(\(curl) -X POST \(baseURL)/v1/sessions \(json) -d '{\"platform\":\"sandbox\",\"code\":\"demo-shopper\"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)[\"token\"])')",
            "\(curl) -X POST \(baseURL)/v1/shops/\(shopID)/cart/items -H \"Authorization: Bearer $TOKEN\" \(json) -d '{\"product_id\":\"\(productID)\",\"quantity\":2}'",
            "ORDER_ID=$(\(curl) -X POST \(baseURL)/v1/shops/\(shopID)/orders -H \"Authorization: Bearer $TOKEN\" -H \"Idempotency-Key: demo-$(date +%s%N)\" \(json) -d '{\"shipping\":{\"name\":\"Li Lei\",\"phone\":\"13800000000\",\"address\":\"1 Demo Road, Shanghai\"}}' | python3 -c 'import sys,json; print(json.load(sys.stdin)[\"id\"])')",
            "\(curl) -X POST \(baseURL)/v1/orders/$ORDER_ID/payments -H \"Authorization: Bearer $TOKEN\" -H \"Idempotency-Key: pay-$ORDER_ID\" \(json) -d '{\"provider\":\"sandbox\"}'; echo",
            "\(curl) -X POST \(baseURL)/v1/sandbox/orders/$ORDER_ID/pay -H \"Authorization: Bearer $TOKEN\" > /dev/null; sleep 1",
            "\(curl) \(baseURL)/v1/orders/$ORDER_ID -H 'Authorization: Bearer \(secretKey)'; echo",
            "# in a browser: the product page \(baseURL)/p/\(productID) (buys in sandbox mode),",
            "# and the live dashboard \(baseURL)/dashboard (paste the secret key above)",
        ]
        return lines
    }

    /// `http://127.0.0.1:<port>` for the plain port (the TLS port when only that is on); a
    /// wildcard bind address becomes the loopback one.
    static func baseURL(_ configuration: AppConfiguration) -> String {
        var host = configuration.server.host
        if host == "0.0.0.0" || host.isEmpty { host = "127.0.0.1" }
        if host == "::" { host = "[::1]" } else if host.contains(":") { host = "[\(host)]" }
        if let port = configuration.server.httpPort { return "http://\(host):\(port)" }
        return "https://\(host):\(configuration.server.httpsPort ?? 8443)"
    }
}
