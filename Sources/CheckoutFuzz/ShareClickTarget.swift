import CheckoutAPI
import CheckoutCore
import CheckoutHTTP

/// A share click as `GET /s/{code}` reads it: the input follows `GET /s/` and goes through the
/// request decoder and the router like a real click; then the code, the `scene` query item,
/// the `cc_vid` cookie and the User-Agent are read as the click route reads them (one pass over
/// the fields, a byte scan of the query) and checked against the generic lookups. A code taken
/// is base62 (it ends up in a `Location` header), a scene is 1000–9999 and spelled as sent, a
/// visitor id is well formed and was sent in a `Cookie` header.
enum ShareClickTarget {
    static let prefix = Array("GET /s/".utf8)

    static let responder: RouterResponder = {
        let router = Router()
        router.onInline(.get, "/s/{code}") { request in
            check(request)
            return Response(status: .noContent)
        }
        return router.buildResponder()
    }()

    static func run(_ input: [UInt8]) {
        var decoder = HTTPRequestDecoder(limits: HTTPLimits())
        (prefix + input).withUnsafeBytes { decoder.append($0) }
        guard case .head(let head)? = try? decoder.next() else { return }
        _ = responder.respondInline(to: Request(method: head.method, target: head.target, headers: head.headers))
    }

    static func check(_ request: Request) {
        let code = request.parameters["code"] ?? ""
        if ShareCode.isWellFormed(code) {
            precondition(code.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) },
                         "a code that is not base62 passed: \(code.debugDescription)")
        }
        let sent = ShareClickQuery.scene(of: request)
        precondition(sent == request.queryItems["scene"], "scene \(sent.debugDescription) is not the query item's")
        if let scene = ChatScene.parse(sent) {
            precondition(ChatScene.range.contains(scene) && String(scene) == sent, "scene \(scene) from \(sent.debugDescription)")
        }
        let headers = ShareClickHeaders(request.headers)
        precondition(headers.visitorID == VisitorCookie.visitorID(in: request.headers), "visitor id read twice differently")
        if let visitor = headers.visitorID {
            precondition(VisitorCookie.isWellFormed(visitor[...]), "visitor id \(visitor.debugDescription)")
            precondition(request.headers.values(for: "Cookie").contains { $0.contains(VisitorCookie.name + "=" + visitor) },
                         "visitor id \(visitor.debugDescription) was not sent")
        }
        precondition(headers.userAgent == request.headers["User-Agent"], "User-Agent read differently")
        precondition(headers.hasAuthorization == request.headers.contains("Authorization"), "Authorization missed")
        _ = ClickFilter.skipReason(isHead: request.method == .head, userAgent: headers.userAgent)
    }
}
