import CheckoutThreads

/// A new order's id: given, or minted by a generator the first time it is read. A placement
/// refused before it becomes an order (a buyer the stock gate knows is sold out,
/// docs/006-stock-gate.md) never mints one; stores read it before queuing the write, so the
/// id is not minted on the writer thread.
public final class PendingOrderID: Hashable, Sendable {
    private let ids: (any IDGenerator)?
    private let minted: Locked<String?>

    /// An id given in advance.
    public init(_ id: String) {
        ids = nil
        minted = Locked(id)
    }

    /// An id `ids` mints when it is first read.
    public init(mintedBy ids: any IDGenerator) {
        self.ids = ids
        minted = Locked(nil)
    }

    /// The id (minted now if it was not yet).
    public var value: String {
        minted.withLock { id in
            if let id { return id }
            let new = ids?.makeID(.order) ?? ""
            id = new
            return new
        }
    }

    public static func == (lhs: PendingOrderID, rhs: PendingOrderID) -> Bool { lhs.value == rhs.value }

    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
