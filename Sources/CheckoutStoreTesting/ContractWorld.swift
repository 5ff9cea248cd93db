import CheckoutCore

/// One contract case's world: fresh stores of the backend under test, the domain services on
/// them and a manual clock, plus the few fixtures every case needs.
public struct ContractWorld: Sendable {
    public let stores: CheckoutStores
    public let services: CheckoutServices
    public let clock: ManualClock

    init(stores: CheckoutStores) {
        self.stores = stores
        clock = ManualClock()
        services = CheckoutServices(stores: stores, clock: clock)
    }

    func shop(_ name: String = "Tea House") async throws -> Shop {
        try await services.catalog.createShop(ShopDraft(name: name)).shop
    }

    func product(_ shop: Shop, title: String = "Oolong", price: Int64 = 1_000, stock: Int64? = nil,
                 active: Bool = true) async throws -> Product {
        try await services.catalog.createProduct(in: shop, ProductDraft(title: title, price: price, stock: stock,
                                                                        active: active))
    }

    func user(_ openid: String = "openid-1") async throws -> User {
        try await services.sessions.createSession(platform: .sandbox, openid: openid).user
    }

    static let shipping = Shipping(name: "Li Lei", phone: "+86 138 0000 0000", address: "1 Nanjing Rd, Shanghai")

    func placement(_ user: User, _ shop: Shop, _ lines: [(Product, Int)], id: String? = nil) -> OrderPlacement {
        let now = clock.now()
        return OrderPlacement(id: PendingOrderID(id ?? RandomIDGenerator().makeID(.order)), shopID: shop.id, userID: user.id,
                              lines: lines.map { LineRequest(productID: $0.0.id, quantity: $0.1) },
                              shipping: Self.shipping, shareCode: nil, scene: nil, note: nil, createdAt: now,
                              expiresAt: now.adding(seconds: 900))
    }

    func stock(_ product: Product) async throws -> Int64? {
        try await stores.products.product(id: product.id)?.stock
    }

    /// A commit that answers 201 with the value's id text, and a client error with 409 and its code.
    func commit<Value: Sendable>(_ key: String, hash: String = "h", id: @escaping @Sendable (Value) -> String)
        -> IdempotentCommit<Value> {
        IdempotentCommit(claim: IdempotencyClaim(caller: "user:contract", key: key, endpoint: "POST /contract",
                                                 requestHash: hash),
                         policy: IdempotencyPolicy(), now: clock.now()) { result in
            switch result {
            case .success(let value): IdempotentAnswer(status: 201, body: Array(id(value).utf8))
            case .failure(let error as CheckoutError): IdempotentAnswer(status: 409, body: Array(error.code.rawValue.utf8))
            case .failure: IdempotentAnswer(status: 500, body: [])
            }
        }
    }

    /// A paid order of `amount` (one line), paid by a verified notification.
    func paidOrder(_ shop: Shop, _ user: User, amount: Int64 = 1_000) async throws -> Order {
        let item = try await product(shop, title: "Paid \(amount)", price: amount)
        let order = try await stores.orders.place(placement(user, shop, [(item, 1)]))
        let tx = ProviderTransaction(outTradeNo: order.id, transactionID: "tx-\(order.id)", state: .paid,
                                     amount: amount, paidAt: clock.now(), payerOpenID: user.openid)
        let applied = try await stores.payments.apply(transaction: tx, provider: "wechatpay", now: clock.now(),
                                                      ids: RandomIDGenerator())
        try expect(applied.outcome == .paid, "a matching transaction pays the order, got \(applied.outcome)")
        return order
    }
}
