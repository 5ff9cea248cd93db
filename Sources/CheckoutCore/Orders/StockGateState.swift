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
        /// Nothing to hold back (unlimited stock, another shop's or an inactive product, as last
        /// read): take a writer slot; there is nothing to resolve.
        case pass
    }

    private struct Entry {
        var known: Product?
        var learnedAt = Timestamp(milliseconds: 0)
        var learnedEpoch: UInt64 = 0
        /// Units of admitted placements not yet resolved.
        var held: Int64 = 0
        var waiters: [Waiter] = []
        /// The waiters' smallest and largest quantity, and their shop while they share one: a
        /// resolution that can move none of them skips the scan (a flash sale has thousands).
        var smallest: Int64 = .max
        var largest: Int64 = 0
        var shop: String?
        var severalShops = false

        mutating func enqueue(_ waiter: Waiter) {
            if waiters.isEmpty {
                shop = waiter.shopID
            } else if !severalShops && shop != waiter.shopID {
                severalShops = true
            }
            waiters.append(waiter)
            smallest = min(smallest, waiter.quantity)
            largest = max(largest, waiter.quantity)
        }

        /// True when `decide` would leave every waiter waiting, given `known` and `held`.
        func nobodyMoves(known: Product?) -> Bool {
            guard let known else { return held > 0 }
            guard let stock = known.stock, known.active, !severalShops, shop == known.shopID else { return false }
            return stock - held < smallest && largest <= stock
        }
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
        let moment = Moment(epoch: epoch, lifetime: lifetime, now: now)
        let known = entries[productID].flatMap { Self.trusted($0, at: moment) }
        // The entry is changed in place (static calls, no copy of self): a copy would copy its
        // waiters on every arrival.
        let decision = Self.decide(waiter, productID: productID, &entries[productID, default: Entry()],
                                   known: known, epoch: moment.epoch)
        if decision == .wait { entries[productID]?.enqueue(waiter) }
        return (nextID, decision)
    }

    /// A placement admitted with `ticket` ended. `reading` is the product as its committed
    /// transaction left it (stock after the reservation, or the stock that was too low), nil
    /// when it taught nothing (an error, a replay, a rolled-back write).
    /// - Returns: the waiters that stop waiting, with what each does now, oldest first.
    public mutating func resolve(_ ticket: StockTicket, reading: Product?,
                                 now: Timestamp) -> [(id: UInt64, decision: Decision)] {
        guard entries[ticket.productID] != nil else { return [] }
        let moment = Moment(epoch: epoch, lifetime: lifetime, now: now)
        let woken = Self.resolve(ticket, reading: reading, &entries[ticket.productID]!, at: moment)
        if entries.count > Self.maximumEntries {
            // Idle products are forgotten first; a forgotten product is probed again.
            entries = entries.filter { $0.value.held > 0 || !$0.value.waiters.isEmpty }
        }
        return woken
    }

    /// The gate's epoch, the lifetime of readings and the time, for the static rules below.
    private struct Moment {
        var epoch: UInt64
        var lifetime: Int64
        var now: Timestamp
    }

    private static func resolve(_ ticket: StockTicket, reading: Product?, _ entry: inout Entry,
                                at moment: Moment) -> [(id: UInt64, decision: Decision)] {
        entry.held -= ticket.quantity
        if let reading, ticket.epoch == moment.epoch {
            // The lower of two readings of one epoch is the later state (stock only falls).
            let lower = trusted(entry, at: moment).map { ($0.stock ?? .max) <= (reading.stock ?? .max) } ?? false
            if !lower {
                entry.known = reading
                entry.learnedAt = moment.now
                entry.learnedEpoch = moment.epoch
            }
        }
        let known = trusted(entry, at: moment)
        guard !entry.waiters.isEmpty, !entry.nobodyMoves(known: known) else { return [] }
        var woken = [(id: UInt64, decision: Decision)]()
        let waiters = entry.waiters
        entry.waiters = []
        entry.waiters.reserveCapacity(waiters.count)
        (entry.smallest, entry.largest, entry.shop, entry.severalShops) = (.max, 0, nil, false)
        for waiter in waiters {
            let decision = decide(waiter, productID: ticket.productID, &entry, known: known, epoch: moment.epoch)
            if decision == .wait { entry.enqueue(waiter) } else { woken.append((waiter.id, decision)) }
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

    private static func trusted(_ entry: Entry, at moment: Moment) -> Product? {
        guard entry.learnedEpoch == moment.epoch,
              moment.now.milliseconds - entry.learnedAt.milliseconds <= moment.lifetime else { return nil }
        return entry.known
    }

    /// Admits (holding the quantity), refuses, passes, or leaves `waiter` waiting, given what is
    /// `known` (trusted) of the product.
    private static func decide(_ waiter: Waiter, productID: String, _ entry: inout Entry, known: Product?,
                               epoch: UInt64) -> Decision {
        guard let known else {
            // Unknown: one order probes it, the others wait for what its transaction saw.
            guard entry.held == 0 else { return .wait }
            entry.held += waiter.quantity
            return .admit(StockTicket(productID: productID, quantity: waiter.quantity, epoch: epoch))
        }
        // Unlimited, another shop's or inactive: the store gives the answer; nothing to hold back.
        guard let stock = known.stock, known.active, known.shopID == waiter.shopID else { return .pass }
        if stock < waiter.quantity { return .soldOut(known) }
        // stock >= quantity here, so waiting means held > 0: a resolution will wake it.
        guard stock - entry.held >= waiter.quantity else { return .wait }
        entry.held += waiter.quantity
        return .admit(StockTicket(productID: productID, quantity: waiter.quantity, epoch: epoch))
    }
}

/// An admitted placement's hold on a product's stock, returned to the gate when it ends.
public struct StockTicket: Hashable, Sendable {
    public var productID: String
    public var quantity: Int64
    /// The gate's epoch at admission: a reading from before the last rise is not used.
    var epoch: UInt64
}
