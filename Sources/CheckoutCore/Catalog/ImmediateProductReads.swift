/// Product reads a store can answer synchronously on the calling thread without ever waiting
/// (SQLite in WAL mode: a primary-key read costs microseconds), so an event loop may answer
/// them itself. `lane` names the caller's connection (an event loop's index). A store that
/// cannot answer now (lane busy or unknown, database busy) says so (false, `.unavailable`),
/// and the caller takes the ordinary asynchronous path. Nothing here is generic: the loop's
/// calls cross modules, where generic code would look up type metadata on every call. Stores that wait on a network (PostgreSQL)
/// do not conform.
///
/// Rows are handed over in place as `ProductRecord`s (borrowed bytes, nothing copied), so a
/// caller can write them straight into a response.
public protocol ImmediateProductReads: Sendable {
    /// The product `id` (nil when there is none) handed to `body`, as `ProductStore.product(id:)`
    /// reads it; false when the store cannot answer now (then `body` was not called).
    func withProductNow(id: String, lane: Int, _ body: (ProductRecord?) throws -> Void) throws -> Bool
    /// One page of shop `shopID`'s active products handed to `each` in order, as
    /// `ProductStore.activeProducts(ofShop:page:)` reads it; the value is the page's `has_more`,
    /// or nil when there is no such shop (then `each` was not called).
    func activeProductsNow(ofShop shopID: String, page: PageRequest, lane: Int,
                           _ each: (ProductRecord) throws -> Void) throws -> ImmediateRead<Bool?>
}

/// The outcome of an immediate read: the value, or "not now" (take the asynchronous path).
public enum ImmediateRead<Value> {
    case value(Value)
    case unavailable
}

extension ImmediateRead: Sendable where Value: Sendable {}
