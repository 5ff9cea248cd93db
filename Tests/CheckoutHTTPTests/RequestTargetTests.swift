import CheckoutHTTP
import Testing

/// `Request` splits its target into path and query (RFC 9112 §3.2): origin-form by one scan
/// for `?`, absolute-form and `*` byte by byte, with the same answers.
@Suite struct RequestTargetTests {
    @Test(arguments: [
        ("/", "/", nil), ("/v1/products/prod_1", "/v1/products/prod_1", nil),
        ("/v1/shops/s/products?limit=2", "/v1/shops/s/products", "limit=2"), ("/a?", "/a", ""),
        ("/a?b?c", "/a", "b?c"), ("/%E8%8C%B6?q=%3F", "/%E8%8C%B6", "q=%3F"), ("/?x", "/", "x"),
        ("/中文?茶=1", "/中文", "茶=1"), ("http://example.com/a?b", "/a", "b"), ("http://example.com", "/", nil),
        ("http://example.com?x=1", "/", "x=1"), ("*", "*", nil), ("a?b", "a", "b"),
    ] as [(String, String, String?)])
    func pathAndQuery(target: String, path: String, query: String?) {
        let request = Request(method: .get, target: target)
        #expect(request.path == path)
        #expect(request.query == query)
    }
}
