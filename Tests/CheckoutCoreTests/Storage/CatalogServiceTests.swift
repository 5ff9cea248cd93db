import CheckoutStoreSQLite
import CheckoutSQLite
import Testing
@testable import CheckoutCore

@Suite struct CatalogServiceTests {
    @Test func createShopReturnsAKeyOnceAndStoresOnlyItsHash() async throws {
        try await TestEnvironment.with { env in
            let created = try await env.services.catalog.createShop(ShopDraft(name: "  Tea House ", currency: "usd"))
            #expect(created.secretKey.hasPrefix("sk_"))
            #expect(created.shop.name == "Tea House")
            #expect(created.shop.currency.code == "USD")
            let stored = try await env.storage.readers.read { db in
                try db.queryOne("SELECT secret_key_hash FROM shops WHERE id = ?", [created.shop.id])!.string("secret_key_hash")
            }
            #expect(stored == SecretToken.hash(created.secretKey))
            #expect(!stored.contains(created.secretKey))
        }
    }

    @Test func authenticateShopAcceptsOnlyTheExactKey() async throws {
        try await TestEnvironment.with { env in
            let created = try await env.services.catalog.createShop(ShopDraft(name: "A"))
            #expect(try await env.services.catalog.authenticateShop(secretKey: created.secretKey) == created.shop)
            #expect(try await env.services.catalog.authenticateShop(secretKey: created.secretKey + "x") == nil)
            #expect(try await env.services.catalog.authenticateShop(secretKey: "sk_nope") == nil)
            #expect(try await env.services.catalog.authenticateShop(secretKey: String(created.secretKey.dropFirst(3))) == nil)
        }
    }

    @Test func createShopRejectsABadNameOrCurrency() async throws {
        try await TestEnvironment.with { env in
            #expect(await checkoutError { try await env.services.catalog.createShop(ShopDraft(name: " ")) }?.param == "name")
            #expect(await checkoutError {
                try await env.services.catalog.createShop(ShopDraft(name: "A", currency: "ABC"))
            }?.param == "currency")
        }
    }

    @Test func createProductValidatesFieldsAndNamesThem() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let cases: [(ProductDraft, String)] = [
                (ProductDraft(title: "", price: 1), "title"),
                (ProductDraft(title: "T", price: -1), "price"),
                (ProductDraft(title: "T", price: CatalogService.maximumPrice + 1), "price"),
                (ProductDraft(title: "T", price: 1, stock: -1), "stock"),
                (ProductDraft(title: "T", price: 1, currency: "USD"), "currency"),
                (ProductDraft(title: "T", imageURL: "javascript:alert(1)", price: 1), "image_url"),
            ]
            for (draft, param) in cases {
                let error = await checkoutError { try await env.services.catalog.createProduct(in: shop, draft) }
                #expect(error?.code == .invalidRequest)
                #expect(error?.param == param)
            }
            let product = try await env.makeProduct(in: shop, stock: nil)
            #expect(product.stock == nil)
            #expect(product.currency == .cny)
            #expect(product.active)
        }
    }

    @Test func patchChangesOnlyGivenFieldsAndNullStockMeansUnlimited() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let product = try await env.makeProduct(in: shop, price: 100, stock: 3)
            env.clock.advance(seconds: 5)
            let patched = try await env.services.catalog.updateProduct(
                in: shop, id: product.id, ProductPatch(price: 250, stock: .some(nil)))
            #expect(patched.price == 250)
            #expect(patched.stock == nil)
            #expect(patched.title == product.title)
            #expect(patched.updatedAt == product.updatedAt.adding(seconds: 5))
            #expect(try await env.stock(product.id) == nil)
            let error = await checkoutError {
                try await env.services.catalog.updateProduct(in: shop, id: product.id, ProductPatch(price: -5))
            }
            #expect(error?.param == "price")
            #expect(try await env.services.catalog.product(id: product.id).price == 250)
        }
    }

    @Test func anotherShopsProductIsNotFoundForPatch() async throws {
        try await TestEnvironment.with { env in
            let mine = try await env.makeShop("Mine")
            let theirs = try await env.makeShop("Theirs")
            let product = try await env.makeProduct(in: theirs)
            let error = await checkoutError {
                try await env.services.catalog.updateProduct(in: mine, id: product.id, ProductPatch(title: "X"))
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test func inactiveProductsAreHiddenFromThePublicButNotFromTheirShop() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let visible = try await env.makeProduct(in: shop, title: "Visible")
            let hidden = try await env.makeProduct(in: shop, title: "Hidden", active: false)
            let publicList = try await env.services.catalog.publicProducts(shopID: shop.id, page: .first)
            #expect(publicList.data.map(\.id) == [visible.id])
            #expect(try await env.services.catalog.products(of: shop, page: .first).data.count == 2)
            #expect(await checkoutError { try await env.services.catalog.product(id: hidden.id) }?.code == .notFound)
            #expect(try await env.services.catalog.product(id: hidden.id, viewerShopID: shop.id) == hidden)
            #expect(await checkoutError {
                try await env.services.catalog.publicProducts(shopID: "shop_unknown", page: .first)
            }?.code == .notFound)
        }
    }

    @Test func listsPageNewestFirstWithoutGapsOrRepeats() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            var created = [String]()
            for index in 0..<25 {
                created.append(try await env.makeProduct(in: shop, title: "P\(index)").id)
                if index % 3 == 0 { env.clock.advance(seconds: 1) }  // some share a timestamp
            }
            var seen = [String]()
            var cursor: String?
            var pages = [Bool]()
            repeat {
                let page = try await env.services.catalog.products(
                    of: shop, page: try PageRequest(limit: 10, startingAfter: cursor))
                seen += page.data.map(\.id)
                pages.append(page.hasMore)
                cursor = page.data.last?.id
                if !page.hasMore { break }
            } while true
            #expect(pages == [true, true, false])
            #expect(seen.count == 25)
            #expect(Set(seen) == Set(created))
            // Newest first; products created in the same millisecond are ordered by id.
            let newest = try await env.services.catalog.products(of: shop, page: .first).data.prefix(3)
            #expect(Set(newest.map(\.title)) == ["P22", "P23", "P24"])
            #expect(newest.map(\.id) == newest.map(\.id).sorted(by: >))
        }
    }

    @Test func startingAfterAnotherShopsProductIsInvalidRequest() async throws {
        try await TestEnvironment.with { env in
            let mine = try await env.makeShop("Mine")
            let other = try await env.makeProduct(in: try await env.makeShop("Other"))
            let error = await checkoutError {
                try await env.services.catalog.products(of: mine, page: try PageRequest(startingAfter: other.id))
            }
            #expect(error?.param == "starting_after")
            #expect(throws: CheckoutError.self) { try PageRequest(limit: 0) }
            #expect(throws: CheckoutError.self) { try PageRequest(limit: 101) }
        }
    }
}
