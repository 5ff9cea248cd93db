import Testing
@testable import CheckoutHTTP

/// `RequestPath.parse` against the straightforward algorithm it replaced (split, decode every
/// piece, validate), on hand-picked and on random paths built from awkward pieces.
@Suite struct RequestPathTests {
    /// The previous implementation, kept as the reference.
    static func reference(_ rawPath: String) -> Result<RequestPath, RouterError> {
        let bytes = Array(rawPath.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return .failure(.notFound) }
        var raw = bytes.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var trailing = false
        if raw.last?.isEmpty == true {
            raw.removeLast()
            trailing = true
        }
        var segments: [String] = []
        for piece in raw {
            guard !piece.isEmpty else { return .failure(.notFound) }
            guard let decoded = PercentEncoding.decodeBytes(Array(piece)) else { return .failure(.invalidPath) }
            guard !decoded.contains(0) else { return .failure(.invalidPath) }
            guard !decoded.contains(UInt8(ascii: "/")) else { return .failure(.notFound) }
            guard let text = String(validating: decoded, as: UTF8.self) else { return .failure(.invalidPath) }
            guard text != ".", text != ".." else { return .failure(.notFound) }
            segments.append(text)
        }
        return .success(RequestPath(segments: segments, hasTrailingSlash: trailing))
    }

    static func parsed(_ path: String) -> Result<RequestPath, RouterError> {
        Result { () throws(RouterError) in try RequestPath.parse(path) }
    }

    static let pieces = ["/", "/", "/", "a", "v1", "products", "prod_01J9", "%2e", "%2E%2e", ".", "..", "%2f", "%00",
                         "\u{0}", "%", "%z1", "%ff", "%c3%a9", "é", "中文", "%252e", "+", "?", "%2", " ", "~"]

    @Test(arguments: ["", "/", "//", "///", "/a", "/a/", "/a//", "//a", "/a//b", "/.", "/..", "/a/./b", "/%2e%2e/x",
                      "/a%2fb", "/%00", "/a\u{0}b", "/%", "/%zz", "/%ff", "/%c3%a9/", "*", "a/b", "/v1/products/prod_1",
                      "/%252e%252e", "/é/中文/"])
    func handPickedPathsAgree(path: String) {
        #expect(Self.parsed(path) == Self.reference(path), "\(path.debugDescription)")
    }

    @Test func randomPathsAgree() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            var path = Int.random(in: 0..<10, using: &generator) == 0 ? "" : "/"
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                path += Self.pieces.randomElement(using: &generator)!
            }
            #expect(Self.parsed(path) == Self.reference(path), "\(path.debugDescription)")
        }
    }
}
