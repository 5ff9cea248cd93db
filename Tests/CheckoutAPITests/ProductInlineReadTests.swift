import CheckoutAPI
import CheckoutCore
import CheckoutHTTP
import CheckoutTesting
import Testing

/// The product reads an event loop answers itself (`GET /v1/products/{id}` without a caller,
/// `GET /v1/shops/{id}/products`) from its own read connection: the same status and body as
/// the handler pool's answer for every case, and no inline answer where the pool must answer.
@Suite struct ProductInlineReadTests {
    /// The inline answer on loop `loop`, or nil when the loop would hand the request on.
    static func inline(_ app: InProcessApp, _ target: String, headers: [(String, String)] = [],
                       loop: Int? = 0) throws -> Response? {
        let responder = try #require(app.app.responder as? any InlineResponder)
        var request = Request(method: .get, target: target, headers: HTTPFields(headers),
                              context: RequestContext(requestID: "inline-test", eventLoop: loop))
        return responder.respondInline(to: &request)
    }

    static func bytes(_ response: Response) -> [UInt8] {
        guard case .bytes(let bytes) = response.body else { return [] }
        return bytes
    }

    @Test func inlineAnswers_MatchThePoolsAnswers() async throws {
        try await withApp { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            var products: [String] = []
            for index in 0..<5 { products.append(try await fixture.createProduct(shop, title: "Tea \(index)", stock: 3)) }
            let hidden = try await fixture.createProduct(shop, title: "Hidden", active: false)
            let empty = try await fixture.createShop(name: "Empty")
            _ = try await fixture.createProduct(empty, title: "Only inactive", active: false)
            let targets = [
                "/v1/products/\(products[0])", "/v1/products/\(hidden)", "/v1/products/prod_unknown",
                "/v1/products/%E8%8C%B6", "/v1/shops/\(shop.id)/products", "/v1/shops/\(shop.id)/products?limit=2",
                "/v1/shops/\(shop.id)/products?limit=2&starting_after=\(products[3])",
                "/v1/shops/\(shop.id)/products?limit=0", "/v1/shops/\(shop.id)/products?starting_after=prod_nope",
                "/v1/shops/shop_unknown/products", "/v1/shops/\(empty.id)/products",
                "/v1/shops/shop_unknown/products?starting_after=\(products[0])",
            ]
            var statuses: [Int] = []
            for target in targets {
                let inline = try #require(try Self.inline(app, target), "\(target) was not answered inline")
                let pooled = try await client.get(target)
                #expect(Int(inline.status.code) == pooled.status, "\(target)")
                #expect(Self.bytes(inline) == pooled.body, "\(target)")
                #expect(inline.route != nil, "\(target)")
                statuses.append(pooled.status)
            }
            #expect(statuses == [200, 404, 404, 404, 200, 200, 200, 400, 400, 404, 200, 404])
        }
    }

    @Test func aCallerOrAnInProcessRequest_IsLeftToThePool() async throws {
        try await withApp { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let hidden = try await fixture.createProduct(shop, active: false)
            // The shop sees its inactive product: resolving its key is the pool's work.
            #expect(try Self.inline(app, "/v1/products/\(hidden)", headers: [("Authorization", "Bearer \(shop.key)")]) == nil)
            #expect(try await client.get("/v1/products/\(hidden)", headers: shop.auth).status == 200)
            #expect(try Self.inline(app, "/v1/products/\(hidden)", loop: nil) == nil)
            #expect(try Self.inline(app, "/v1/shops/\(shop.id)/products", loop: nil) == nil)
        }
    }

    @Test func aWriteIsSeenByTheNextInlineRead() async throws {
        try await withApp { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, price: 1_000)
            #expect(try Self.inline(app, "/v1/products/\(product)").map(Self.bytes)?.contains(bytes: #""price":1000"#) == true)
            let patched = try await client.patch("/v1/products/\(product)", json: #"{"price":1200}"#, headers: shop.auth)
            #expect(patched.status == 200)
            #expect(try Self.inline(app, "/v1/products/\(product)").map(Self.bytes)?.contains(bytes: #""price":1200"#) == true)
        }
    }
}

extension [UInt8] {
    func contains(bytes text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
