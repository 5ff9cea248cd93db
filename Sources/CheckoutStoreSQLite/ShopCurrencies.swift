import CheckoutCore
import CheckoutSQLite
import CheckoutThreads

/// Shop currencies by shop id, read once per shop instead of once per order (a statement on the
/// single writer thread, which bounds durable orders per second).
///
/// Exact, not a time-to-live: a shop's currency is set when the shop is created and no
/// statement changes it or deletes the shop, so a currency once read stays true. A shop that is
/// not found is not remembered (it may be created next).
final class ShopCurrencies: Sendable {
    private let known = Locked<[String: Currency]>([:])
    /// Shops kept at most; the cache starts over when full.
    static let capacity = 10_000

    /// The currency of `shopID`, from memory or read in `db`; nil when there is no such shop.
    func currency(_ db: Database, shopID: String) throws -> Currency? {
        if let currency = known.withLock({ $0[shopID] }) { return currency }
        guard let row = try db.queryOne("SELECT currency FROM shops WHERE id = ?", [shopID]) else { return nil }
        let currency = Currency(unchecked: try row.string("currency"))
        known.withLock { known in
            if known.count >= Self.capacity { known = [:] }
            known[shopID] = currency
        }
        return currency
    }

    /// Shops remembered now (for tests).
    var count: Int { known.withLock { $0.count } }
}
