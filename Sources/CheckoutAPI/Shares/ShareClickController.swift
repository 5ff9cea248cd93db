import CheckoutCore
import CheckoutHTTP

/// `GET /s/{code}`: a click on a share link. Records it (durably, before answering) unless it
/// is a HEAD request or a crawler, then redirects to the product page, or answers JSON
/// `{code, product}` to `Accept: application/json`. Unknown codes: a 404 page (the JSON error
/// for JSON callers).
struct ShareClickController: APIController {
    let context: ShareContext

    func addRoutes(to routes: APIRoutes) {
        routes.add(APIOperation(
            .get, "/s/{code}",
            summary: "Open a share link: 302 to /p/{product_id}?share={code} (with &scene=N when the click carries a valid scene, so the page can send it with the order), or 200 {code, product} with Accept: application/json. A person's click is counted (the viewer is the session's shopper, else the cc_vid cookie, set here for a year); HEAD requests, crawlers and link previews, and repeats by the same viewer within an hour are answered but not counted. A scene that is not 1000-9999 is recorded as none.",
            tag: "Shares",
            query: [.init("scene", Schema.string, "Mini-program scene value (1007 single chat, 1008 group chat, 1044 group with shareTicket, 1036 app message, 1011 QR code; QQ 2003/2009 QQ空间, 2010, ...).")],
            answers: [
                .init(302, "To the product page; Location /p/{product_id}?share={code}, plus &scene={scene} for a scene 1000-9999."),
                .init(200, "With Accept: application/json.", schema: Schema.ref("ShareClick")),
                .init(404, "Unknown code: an HTML page, or the JSON error with Accept: application/json.",
                      schema: Schema.ref("Error")),
                .init(429, "Too many clicks from this address (CHECKOUT_CLICK_RATE, default bursts of 100, 20 a second); see Retry-After.",
                      schema: Schema.ref("Error")),
            ])) { request in
            try await click(request)
        }
    }

    func click(_ request: Request) async throws -> Response {
        let headers = ShareClickHeaders(request.headers)
        if let limiter = context.clickLimiter {
            let address = request.context.remoteAddress.isEmpty ? "local" : request.context.remoteAddress
            if case .limited(let seconds) = limiter.take(address) {
                context.shares.metrics.record(.rateLimited)
                throw APIError(.rateLimited, "Too many clicks from this address; retry in \(seconds) s.",
                               headers: ["Retry-After": String(seconds)])
            }
        }
        let code = request.parameters["code"] ?? ""
        let scene = ShareClickQuery.scene(of: request)
        var newVisitor: String?
        let viewer: String
        if headers.hasAuthorization, case .shopper(let session)? = try? await context.authenticator.caller(request) {
            viewer = "user:" + session.user.id
        } else if let visitor = headers.visitorID {
            viewer = "visitor:" + visitor
        } else {
            let fresh = VisitorCookie.generate()
            newVisitor = fresh
            viewer = "visitor:" + fresh
        }
        let link: ShareLink
        do {
            link = try await context.shares.visit(code: code, viewer: viewer, scene: scene,
                                                  isHead: request.method == .head, userAgent: headers.userAgent,
                                                  isNewViewer: newVisitor != nil)
        } catch let error as CheckoutError where error.code == .notFound && !headers.wantsJSON {
            return Response(status: .notFound, headers: ["Content-Type": "text/html; charset=utf-8",
                                                         "Cache-Control": "no-store"],
                            body: .bytes(context.notFoundPage))
        }
        let setCookie = request.method == .head ? nil
            : newVisitor.map { VisitorCookie.setCookie($0, secure: request.context.isSecure) }
        guard headers.wantsJSON else {
            // The whole head at once: each later `headers[name] =` would scan the fields again.
            var fields = [("Location", Self.productPage(link, scene: scene)), ("Cache-Control", "no-store")]
            if let setCookie { fields.append(("Set-Cookie", setCookie)) }
            return Response(status: .found, headers: HTTPFields(fields))
        }
        let product = try await context.shares.product(of: link)
        var response = try Response.encode(ShareClickBody(code: link.code, product: product))
        response.headers["Cache-Control"] = "no-store"
        if let setCookie { response.headers["Set-Cookie"] = setCookie }
        return response
    }
}

extension ShareClickController {
    /// Where a click lands: `/p/{product_id}?share={code}`, and `&scene=N` for a valid scene
    /// (an invalid one is recorded as none and not passed on).
    static func productPage(_ link: ShareLink, scene: String?) -> String {
        var page = "/p/"
        page.reserveCapacity(3 + link.productID.utf8.count + 7 + link.code.utf8.count + 11)
        page += link.productID
        page += "?share="
        page += link.code
        if let scene = ChatScene.parse(scene) {
            page += "&scene="
            page += String(scene)
        }
        return page
    }
}

/// `GET /s/{code}` with `Accept: application/json`: `{code, product}`.
struct ShareClickBody: Encodable {
    var code: String
    var product: Product
}
