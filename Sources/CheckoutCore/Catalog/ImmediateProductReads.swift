/// Product reads a store can answer synchronously on the calling thread without ever waiting
/// (SQLite in WAL mode: a primary-key read costs microseconds), so an event loop may answer
/// them itself. `lane` names the caller's connection (an event loop's index). A store that
/// cannot answer now (lane busy or unknown, database busy) returns `.unavailable`, and the
/// caller takes the ordinary asynchronous path. Stores that wait on a network (PostgreSQL)
/// do not conform.
public protocol ImmediateProductReads: Sendable {
    /// The product `id`, as `ProductStore.product(id:)`.
    func productNow(id: String, lane: Int) throws -> ImmediateRead<Product?>
    /// One page of shop `shopID`'s active products, as `ProductStore.activeProducts(ofShop:page:)`.
    func activeProductsNow(ofShop shopID: String, page: PageRequest, lane: Int) throws -> ImmediateRead<Page<Product>?>
}

/// The outcome of an immediate read: the value, or "not now" (take the asynchronous path).
public enum ImmediateRead<Value> {
    case value(Value)
    case unavailable
}

extension ImmediateRead: Sendable where Value: Sendable {}
