/// What a router's trie found for one request: kept in the request between the event loop's
/// inline check and the handler pool, so the path is parsed and matched once.
struct RouteResolution: Sendable {
    /// The trie that answered (another router resolves for itself).
    let root: RouteNode
    let method: HTTPMethod
    let path: String
    let outcome: Result<Endpoint, RouterError>
}
