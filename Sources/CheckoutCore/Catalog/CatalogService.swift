/// Shops and their catalog: creating shops and keys, authenticating keys, products.
public struct CatalogService: Sendable {
    /// The largest accepted price in minor units (10 billion CNY); keeps totals far from overflow.
    public static let maximumPrice: Int64 = 1_000_000_000_000

    let shops: any ShopStore
    let products: any ProductStore
    /// `products` when it answers reads immediately (found once, not per request).
    let immediateProducts: (any ImmediateProductReads)?
    let clock: any Clock
    let ids: any IDGenerator

    public init(shops: any ShopStore, products: any ProductStore, clock: any Clock, ids: any IDGenerator) {
        self.shops = shops
        self.products = products
        immediateProducts = products as? any ImmediateProductReads
        self.clock = clock
        self.ids = ids
    }

    /// Creates a shop and its secret key (`sk_…`); only the key's hash is stored.
    /// - Returns: the shop and the key, which is never shown again.
    public func createShop(_ draft: ShopDraft) async throws -> ShopCreation {
        try await createShop(draft, commit: nil).get()
    }

    /// `createShop` under an Idempotency-Key: the shop and the key's answer commit together.
    public func createShop(_ draft: ShopDraft, commit: IdempotentCommit<ShopCreation>?)
        async throws -> IdempotentOutcome<ShopCreation> {
        let name = try Validate.text(draft.name, param: "name", maxLength: 200)
        let currency = try Validate.currency(draft.currency) ?? .cny
        let shop = Shop(id: ids.makeID(.shop), name: name, currency: currency, createdAt: clock.now())
        let key = SecretToken.generate(prefix: SecretToken.shopKeyPrefix)
        let creation: @Sendable (Shop) -> ShopCreation = { ShopCreation(shop: $0, secretKey: key) }
        return try await shops.insert(shop, secretKeyHash: SecretToken.hash(key), commit: commit?.pullback(creation))
            .map(creation)
    }

    /// The shop whose secret key this is, or nil (compared in constant time).
    public func authenticateShop(secretKey: String) async throws -> Shop? {
        guard secretKey.hasPrefix(SecretToken.shopKeyPrefix), secretKey.utf8.count <= 128 else { return nil }
        guard let found = try await shops.shop(secretKeyHash: SecretToken.hash(secretKey)),
              SecretToken.matches(secretKey, storedHash: found.storedHash)
        else { return nil }
        return found.shop
    }

    /// The shop, or `not_found`.
    public func shop(id: String) async throws -> Shop {
        guard let shop = try await shops.shop(id: id) else { throw CheckoutError.notFound("No such shop.") }
        return shop
    }

    /// Whether the database holds any shop yet.
    public func hasShops() async throws -> Bool {
        try await shops.hasShops()
    }

    /// Creates a product in `shop`; its currency defaults to, and must equal, the shop's.
    public func createProduct(in shop: Shop, _ draft: ProductDraft) async throws -> Product {
        try await createProduct(in: shop, draft, commit: nil).get()
    }

    /// `createProduct` under an Idempotency-Key: the product and the key's answer commit together.
    public func createProduct(in shop: Shop, _ draft: ProductDraft, commit: IdempotentCommit<Product>?)
        async throws -> IdempotentOutcome<Product> {
        let currency = try Validate.currency(draft.currency) ?? shop.currency
        guard currency == shop.currency else {
            throw CheckoutError.invalidRequest("The shop sells in \(shop.currency).", param: "currency")
        }
        let now = clock.now()
        var product = Product(id: ids.makeID(.product), shopID: shop.id, title: draft.title,
                              description: draft.description, imageURL: draft.imageURL,
                              price: draft.price, currency: currency, stock: draft.stock,
                              active: draft.active ?? true, commissionBps: draft.commissionBps, createdAt: now,
                              updatedAt: now)
        try Self.validate(&product)
        return try await products.insert(product, commit: commit)
    }

    /// Applies `patch` to the shop's product `id`; another shop's product is `not_found`.
    public func updateProduct(in shop: Shop, id: String, _ patch: ProductPatch) async throws -> Product {
        let now = clock.now()
        let updated = try await products.update(id: id, shopID: shop.id) { product in
            if let title = patch.title { product.title = title }
            if let description = patch.description { product.description = description }
            if let imageURL = patch.imageURL { product.imageURL = imageURL }
            if let price = patch.price { product.price = price }
            if let stock = patch.stock { product.stock = stock }
            if let active = patch.active { product.active = active }
            if let bps = patch.commissionBps { product.commissionBps = bps }
            try Self.validate(&product)
            product.updatedAt = now
        }
        guard let updated else { throw CheckoutError.notFound("No such product.") }
        return updated
    }

    /// All of the shop's products, newest first.
    public func products(of shop: Shop, page: PageRequest) async throws -> Page<Product> {
        try await products.products(shopID: shop.id, activeOnly: false, page: page)
    }

    /// The active products of shop `shopID` (what a mini-shop shows); an unknown shop is `not_found`.
    public func publicProducts(shopID: String, page: PageRequest) async throws -> Page<Product> {
        guard let page = try await products.activeProducts(ofShop: shopID, page: page) else {
            throw CheckoutError.notFound("No such shop.")
        }
        return page
    }

    /// One product: active ones for everyone, inactive ones only for their own shop (`viewerShopID`).
    public func product(id: String, viewerShopID: String? = nil) async throws -> Product {
        guard let product = try await products.product(id: id),
              product.active || product.shopID == viewerShopID
        else { throw CheckoutError.notFound("No such product.") }
        return product
    }

    /// Normalizes and checks a product's fields in place.
    static func validate(_ product: inout Product) throws(CheckoutError) {
        product.title = try Validate.text(product.title, param: "title", maxLength: 200)
        product.description = try Validate.optionalText(product.description, param: "description", maxLength: 5000)
        product.imageURL = try Validate.imageURL(product.imageURL)
        _ = try Validate.nonNegative(product.price, param: "price")
        if let bps = product.commissionBps { _ = try RewardProgram.validateRate(bps, param: "commission_bps") }
        guard product.price <= maximumPrice else {
            throw .invalidRequest("price must be at most \(maximumPrice).", param: "price")
        }
        if let stock = product.stock { _ = try Validate.nonNegative(stock, param: "stock") }
    }
}

extension CatalogService {
    /// Whether the store answers product reads immediately (see `ImmediateProductReads`).
    public var answersProductReadsImmediately: Bool { immediateProducts != nil }

    /// `product(id:)` for an anonymous reader answered now on `lane`: the active product is
    /// handed to `body` in place; false when the store cannot answer now (then call the
    /// asynchronous form). Same rule and `not_found` as the asynchronous form without a viewer.
    public func publicProductNow(id: String, lane: Int, _ body: (ProductRecord) throws -> Void) throws -> Bool {
        guard let store = immediateProducts else { return false }
        return try store.withProductNow(id: id, lane: lane) { record in
            guard let record, record.active else { throw CheckoutError.notFound("No such product.") }
            try body(record)
        }
    }

    /// `publicProducts(shopID:page:)` answered now on `lane`: each product of the page is handed
    /// to `each` in order and the page's `has_more` returned; nil when the store cannot answer
    /// now. An unknown shop is `not_found` (before any product is handed over).
    public func publicProductsNow(shopID: String, page: PageRequest, lane: Int,
                                  _ each: (ProductRecord) throws -> Void) throws -> Bool? {
        guard let store = immediateProducts,
              case .value(let found) = try store.activeProductsNow(ofShop: shopID, page: page, lane: lane, each)
        else { return nil }
        guard let hasMore = found else { throw CheckoutError.notFound("No such shop.") }
        return hasMore
    }
}
