@testable import CheckoutHTTP
import Testing

/// The plain-path matcher (`RouteNode.match(bytes:)`) against the decoding one
/// (`RouterResponder.resolveDecoded`): the same endpoint or error, parameters and route for
/// every path, and the fallback taken for whatever is not plain.
@Suite struct RouterPlainPathTests {
    static func router() -> RouterResponder {
        let router = makeShopRouter()
        router.get("/healthz", echo("health"))
        router.get("/v1/shops/{shop_id}/products", echo("products"))
        router.get("/v1/products/{id}", echo("product"))
        return router.buildResponder()
    }

    /// What one resolution did to the request, comparable across the two matchers.
    struct Outcome: Equatable {
        let endpoint: ObjectIdentifier?
        let error: RouterError?
        let parameters: Parameters
        let route: String?
    }

    static func outcome(_ responder: RouterResponder, _ method: HTTPMethod, _ target: String, decoded: Bool) -> Outcome {
        var request = Request(method: method, target: target)
        do {
            let endpoint = decoded ? try responder.resolveDecoded(&request) : try responder.resolve(&request)
            return Outcome(endpoint: ObjectIdentifier(endpoint), error: nil, parameters: request.parameters, route: request.context.route)
        } catch {
            return Outcome(endpoint: nil, error: error, parameters: request.parameters, route: request.context.route)
        }
    }

    static let paths = [
        "/", "/healthz", "/healthz/", "/v1/orders", "/v1/orders/", "/v1/orders/export", "/v1/orders/ord_1",
        "/v1/orders/export/items", "/v1/orders/ord_1/items", "/v1/orders/ord_1/items/", "/v1/shops/s1/orders/o2",
        "/v1/shops/s1/products", "/v1/products/prd_0123456789abcdef", "/assets", "/assets/", "/assets/a/b/c.css",
        "/files/img", "/files/img/a/b.png", "/files/img/", "/nope", "/v1", "/v1/", "/V1/orders", "/v1//orders", "//",
        "///", "/v1/orders//", "/v1/orders/.", "/v1/orders/..", "/v1/orders/.../items", "/v1/orders/.x", "/./healthz",
        "/v1/orders/%2e%2e", "/v1/orders/a%2Fb", "/v1/orders/caf%C3%A9", "/v1/orders/%zz", "/v1/orders/%00",
        "/v1/%6Frders/ord_1", "/v1/orders/ord_1?expand=items", "/assets/%c0%ae", "*", "", "healthz",
        "/v1/orders/caf\u{E9}", "/v1/products/a+b", "/v1/products/~x", "/v1/shops/s1/orders", "/v1/orders/ord_1/items/x",
    ]

    @Test func everyPathAndMethod_ResolvesAsTheDecodingMatcherDoes() {
        let responder = Self.router()
        for path in Self.paths {
            for method in [HTTPMethod.get, .head, .post, .delete, .put] {
                let plain = Self.outcome(responder, method, path, decoded: false)
                let decoded = Self.outcome(responder, method, path, decoded: true)
                #expect(plain == decoded, "\(method) \(path)")
            }
        }
    }

    @Test func randomPaths_ResolveAsTheDecodingMatcherDoes() {
        let responder = Self.router()
        let pieces = ["v1", "orders", "export", "items", "shops", "products", "assets", "files", "healthz", "s1", "o_2",
                      ".", "..", "", "%2e", "a%20b", "%2F", "\u{E9}", "x.y", "~", "%", "ORDERS"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...5, using: &generator)
            var path = "/" + (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: "/")
            if Bool.random(using: &generator) { path += "/" }
            let method = [HTTPMethod.get, .post, .delete, .head].randomElement(using: &generator)!
            #expect(Self.outcome(responder, method, path, decoded: false) == Self.outcome(responder, method, path, decoded: true),
                    "\(method) \(path)")
        }
    }

    @Test(arguments: [("/v1/orders/ord_1", 16), ("/", 0), ("/healthz/", 8), ("/a/b", 4)])
    func plainPaths_AreMatchedFromTheirBytes(path: String, end: Int) {
        #expect(Array(path.utf8).withUnsafeBufferPointer(RouteNode.plainSegmentsEnd) == end)
    }

    @Test(arguments: ["/v1//orders", "//", "/v1/orders/..", "/v1/./x", "/a%20b", "/caf\u{E9}", "*", "", "/a/\0"])
    func otherPaths_TakeTheDecodingMatcher(path: String) {
        #expect(Array(path.utf8).withUnsafeBufferPointer(RouteNode.plainSegmentsEnd) == nil)
    }

    /// The word-at-a-time byte check finds a NUL, `%` or high byte at every position of
    /// paths of every length from 1 to 40, and passes the same paths without it.
    @Test func plainByteCheck_FindsAnOffendingByteAnywhere() {
        for length in 1...40 {
            let clean = [UInt8(ascii: "/")] + (1..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            #expect(clean.withUnsafeBufferPointer(RouteNode.allPlainBytes), "\(length)")
            for position in 0..<length {
                for bad: UInt8 in [0, UInt8(ascii: "%"), 0x80, 0xC3, 0xFF] {
                    var path = clean
                    path[position] = bad
                    #expect(!path.withUnsafeBufferPointer(RouteNode.allPlainBytes), "\(length) \(position) \(bad)")
                }
            }
        }
    }

    /// A literal that is not ASCII compares by canonical equivalence as a `String` (the Kelvin
    /// sign is a "K"): such a trie is never matched by bytes, and answers as before.
    @Test func nonASCIILiteral_SendsEveryPathToTheDecodingMatcher() async throws {
        let router = Router()
        router.get("/\u{212A}elvin", echo("kelvin"))
        router.get("/v1/orders/{id}", echo("order"))
        let responder = router.buildResponder()
        #expect(!responder.root.byteMatchable)
        #expect(try await send(responder, .get, "/Kelvin").text == "kelvin")
        #expect(try await send(responder, .get, "/v1/orders/o1").text == "order id=o1")
    }

    /// More parameters than the byte matcher keeps: the decoding matcher answers.
    @Test func fiveParameters_AreCapturedByTheDecodingMatcher() async throws {
        let router = Router()
        router.get("/{a}/{b}/{c}/{d}/{e}", echo("five"))
        router.get("/x/{a}", echo("one"))
        let responder = router.buildResponder()
        #expect(responder.root.parameterDepth == 5)
        #expect(try await send(responder, .get, "/1/2/3/4/5").text == "five a=1;b=2;c=3;d=4;e=5")
        #expect(try await send(responder, .get, "/x/y").text == "one a=y")
    }
}
