/// The rules of the stock gate (docs/006-stock-gate.md), a value type on an injected clock with no
/// I/O: which single-product orders take a writer slot now, which wait for the orders in flight
/// on the same product, and which are sold out in the committed state.
///
/// What it knows of a product comes only from committed placements (`resolve` with the product as
/// the transaction left it). Between two `stockMayHaveRisen` calls stock only falls, so any
/// reading stays an upper bound of the committed stock: the lowest one is kept. A reading is
/// trusted for `lifetime` milliseconds (a change made outside the store, such as an operator's
/// SQL, is learned again by then); a reading older than the last rise is ignored.
public struct StockGateState: Sendable {
    /// What an order arriving at the gate, or waiting there, does next.
    public enum Decision: Hashable, Sendable {
        /// Take a writer slot; hand the ticket back to `resolve` when the placement ends.
        case admit(StockTicket)
        /// The committed stock is below the quantity: answer `out_of_stock` for this product as read.
        case soldOut(Product)
        /// The stock is held by orders in flight (or not known while one probes it): wait.
        case wait
    }

    private struct Entry {
        var known: Product?
        var learnedAt = Timestamp(milliseconds: 0)
        var learnedEpoch: UInt64 = 0
        /// Units of admitted placements not yet resolved.
        var held: Int64 = 0
        var waiters: [Waiter] = []
    }

    private struct Waiter {
        var id: UInt64
        var shopID: String
        var quantity: Int64
    }

    /// How long a reading is trusted, in milliseconds.
    public let lifetime: Int64
    private var entries: [String: Entry] = [:]
    private var epoch: UInt64 = 0
    private var nextID: UInt64 = 0

    public init(lifetimeMilliseconds: Int64 = 1_000) {
        lifetime = lifetimeMilliseconds
    }

    /// An order for `quantity` of `productID` in `shopID` arrives.
    /// - Returns: its waiter id (for the wake-ups of `resolve`) and what it does now.
    public mutating func arrive(productID: String, shopID: String, quantity: Int64,
                                now: Timestamp) -> (id: UInt64, decision: Decision) {
        nextID += 1
        let waiter = Waiter(id: nextID, shopID: shopID, quantity: quantity)
        var entry = entries[productID] ?? Entry()
        let decision = decide(waiter, productID: productID, &entry, now: now)
        if decision == .wait { entry.waiters.append(waiter) }
        entries[productID] = entry
        return (nextID, decision)
    }

    /// A placement admitted with `ticket` ended. `reading` is the product as its committed
    /// transaction left it (stock after the reservation, or the stock that was too low), nil
    /// when it taught nothing (an error, a replay, a rolled-back write).
    /// - Returns: the waiters that stop waiting, with what each does now, oldest first.
    public mutating func resolve(_ ticket: StockTicket, reading: Product?,
                                 now: Timestamp) -> [(id: UInt64, decision: Decision)] {
        guard var entry = entries[ticket.productID] else { return [] }
        entry.held -= ticket.quantity
        if let reading, ticket.epoch == epoch {
            // The lower of two readings of one epoch is the later state (stock only falls).
            let lower = trusted(entry, now: now).map { ($0.stock ?? .max) <= (reading.stock ?? .max) } ?? false
            if !lower {
                entry.known = reading
                entry.learnedAt = now
                entry.learnedEpoch = epoch
            }
        }
        var woken = [(id: UInt64, decision: Decision)]()
        var still = [Waiter]()
        for waiter in entry.waiters {
            let decision = decide(waiter, productID: ticket.productID, &entry, now: now)
            if decision == .wait { still.append(waiter) } else { woken.append((waiter.id, decision)) }
        }
        entry.waiters = still
        entries[ticket.productID] = entry
        if entries.count > Self.maximumEntries {
            // Idle products are forgotten first; a forgotten product is probed again.
            entries = entries.filter { $0.value.held > 0 || !$0.value.waiters.isEmpty }
        }
        return woken
    }

    /// Stock may have gone up (a restock, a cancellation, an expiry) once this is called: every
    /// reading so far is forgotten. Waiters keep waiting for the placements in flight.
    public mutating func stockMayHaveRisen() {
        epoch &+= 1
    }

    /// Products remembered at most (plus those with orders in flight).
    static let maximumEntries = 10_000

    /// Units of `productID` held by placements in flight, and how many orders wait (for tests and metrics).
    public func load(of productID: String) -> (held: Int64, waiting: Int) {
        let entry = entries[productID]
        return (entry?.held ?? 0, entry?.waiters.count ?? 0)
    }

    private func trusted(_ entry: Entry, now: Timestamp) -> Product? {
        guard entry.learnedEpoch == epoch, now.milliseconds - entry.learnedAt.milliseconds <= lifetime else { return nil }
        return entry.known
    }

    /// Admits (holding the quantity), refuses, or leaves `waiter` waiting.
    private func decide(_ waiter: Waiter, productID: String, _ entry: inout Entry, now: Timestamp) -> Decision {
        let admit = { (entry: inout Entry) -> Decision in
            entry.held += waiter.quantity
            return .admit(StockTicket(productID: productID, quantity: waiter.quantity, epoch: epoch))
        }
        guard let known = trusted(entry, now: now) else {
            // Unknown: one order probes it, the others wait for what its transaction saw.
            return entry.held == 0 ? admit(&entry) : .wait
        }
        // Unlimited, another shop's or inactive: the store gives the answer; nothing to hold back.
        guard let stock = known.stock, known.shopID == waiter.shopID, known.active else { return admit(&entry) }
        if stock < waiter.quantity { return .soldOut(known) }
        // stock >= quantity here, so waiting means held > 0: a resolution will wake it.
        return stock - entry.held >= waiter.quantity ? admit(&entry) : .wait
    }
}

/// An admitted placement's hold on a product's stock, returned to the gate when it ends.
public struct StockTicket: Hashable, Sendable {
    public var productID: String
    public var quantity: Int64
    /// The gate's epoch at admission: a reading from before the last rise is not used.
    var epoch: UInt64
}
