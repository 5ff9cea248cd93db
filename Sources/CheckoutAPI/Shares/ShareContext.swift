import CheckoutCore
import CheckoutHTTP
import Foundation

/// What the share controllers need: the share service, the live hub, auth, the idempotency
/// gate, the click rate limiter and the page answered for unknown codes.
struct ShareContext: Sendable {
    let shares: ShareService
    let hub: LiveStreamHub
    let authenticator: Authenticator
    let gate: IdempotencyGate
    /// Share clicks per client address (DESIGN.md §6), like logins; nil when turned off.
    let clickLimiter: TokenBucketLimiter?
    /// The HTML answered with 404 to a browser for an unknown code.
    let notFoundPage: [UInt8]

    /// Registers the share and stats controllers on `routes`.
    func addControllers(to routes: APIRoutes) {
        routes.add(ShareLinkController(context: self))
        routes.add(ShareClickController(context: self))
        routes.add(StatsController(context: self))
    }

    /// The page for unknown codes: `Public/404.html` when there is one, else a small page of our own.
    static func notFoundPage(publicDirectory: String) -> [UInt8] {
        if let data = FileManager.default.contents(atPath: publicDirectory + "/404.html"), data.count < 256 * 1024 {
            return Array(data)
        }
        return Array("""
            <!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>Link not found</title><body><h1>This share link does not exist</h1>
            <p>It may have been mistyped. Ask the person who shared it for the link again.</p></body></html>
            """.utf8)
    }
}
