import CheckoutAPI
import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

/// `/p/{product_id}`: the product page for an active product, a real 404 page (same look,
/// status 404, never cached or 304) for an unknown or inactive one. Served from the
/// repository's own `Public/`.
@Suite(.serialized) struct ProductPageRouteTests {
    static let publicDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Public").path

    static func makeApp() async throws -> InProcessApp {
        try await InProcessApp.make { $0.publicDirectory = Self.publicDirectory }
    }

    static func file(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: publicDirectory + "/" + relativePath)))
    }

    @Test(arguments: InProcessApp.Mode.allCases)
    func productPage_ActiveProduct_ServesThePage(mode: InProcessApp.Mode) async throws {
        let app = try await Self.makeApp()
        defer { app.close() }
        try await app.test(mode) { client in
            let fixture = CommerceFixture(client)
            let product = try await fixture.createProduct(try await fixture.createShop())
            let response = try await client.get("/p/\(product)?share=Ab3dEf9hJ")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
            #expect(response.body == (try Self.file("p/index.html")))
            let tag = try #require(response.header("ETag"))
            let again = try await client.get("/p/\(product)", headers: ["If-None-Match": tag])
            #expect(again.status == 304)
        }
    }

    @Test(arguments: [true, false])
    func productPage_InactiveOrUnknownProduct_IsARealNotFoundPage(inactive: Bool) async throws {
        let app = try await Self.makeApp()
        defer { app.close() }
        try await app.test(.inProcess) { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let id = inactive ? try await fixture.createProduct(shop, active: false) : "prod_doesnotexist000000"
            let response = try await client.get("/p/\(id)")
            #expect(response.status == 404)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
            #expect(response.body == (try Self.file("404.html")))
            #expect(response.header("ETag") == nil)
            #expect(response.header("Cache-Control") == "no-store")
            // The not-found page's own validators never turn a 404 into a 304.
            let conditional = try await client.get("/p/\(id)", headers: ["If-None-Match": "*"])
            #expect(conditional.status == 404)
            #expect(conditional.body == response.body)
        }
    }

    @Test func productPage_HeadAndGzip_BehaveAsForAnyFile() async throws {
        let app = try await Self.makeApp()
        defer { app.close() }
        try await app.test(.live) { client in
            let fixture = CommerceFixture(client)
            let product = try await fixture.createProduct(try await fixture.createShop())
            let head = try await client.execute(.head, "/p/\(product)")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("Content-Length") == String(try Self.file("p/index.html").count))
            let gzip = try await client.get("/p/\(product)", headers: ["Accept-Encoding": "gzip, br"])
            #expect(gzip.header("Content-Encoding") == "gzip")
            #expect(gzip.header("Vary") == "Accept-Encoding")
            #expect(gzip.body == (try Self.file("p/index.html.gz")))
            let missing = try await client.get("/p/prod_nope", headers: ["Accept-Encoding": "gzip"])
            #expect(missing.status == 404)
            #expect(missing.header("Content-Encoding") == "gzip")
        }
    }

    @Test func productPage_OtherMethods_Are405() async throws {
        let app = try await Self.makeApp()
        defer { app.close() }
        let response = try await app.test(.inProcess) { client in
            try await client.post("/p/prod_x", json: "{}")
        }
        #expect(response.status == 405)
    }
}
