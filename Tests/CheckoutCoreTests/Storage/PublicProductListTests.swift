import CheckoutStoreSQLite
import CheckoutSQLite
import Testing
@testable import CheckoutCore

/// The public product list: the shop check and the page come from one read.
@Suite struct PublicProductListTests {
    @Test func storeAnswersNilForAnUnknownShopAndAnEmptyPageForAShopWithoutProducts() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let store = SQLiteProductStore(env.storage)
            #expect(try await store.activeProducts(ofShop: "shop_unknown", page: .first) == nil)
            #expect(try await store.activeProducts(ofShop: shop.id, page: .first) == Page(data: [], hasMore: false))
        }
    }

    @Test func storeListsOnlyActiveProductsNewestFirstAndPagesOn() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let older = try await env.makeProduct(in: shop, title: "Older")
            env.clock.advance(seconds: 1)
            _ = try await env.makeProduct(in: shop, title: "Hidden", active: false)
            env.clock.advance(seconds: 1)
            let newer = try await env.makeProduct(in: shop, title: "Newer")
            let store = SQLiteProductStore(env.storage)
            let first = try await store.activeProducts(ofShop: shop.id, page: try PageRequest(limit: 1))
            #expect(first == Page(data: [newer], hasMore: true))
            let second = try await store.activeProducts(
                ofShop: shop.id, page: try PageRequest(limit: 1, startingAfter: newer.id))
            #expect(second == Page(data: [older], hasMore: false))
        }
    }

    @Test func unknownShopIsNotFoundEvenWithAStartingAfterFromAnotherShop() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let product = try await env.makeProduct(in: shop)
            let page = try PageRequest(startingAfter: product.id)
            #expect(await checkoutError {
                try await env.services.catalog.publicProducts(shopID: "shop_unknown", page: page)
            }?.code == .notFound)
            let other = try await env.makeShop("Other")
            #expect(await checkoutError {
                try await env.services.catalog.publicProducts(shopID: other.id, page: page)
            }?.code == .invalidRequest)
        }
    }
}
