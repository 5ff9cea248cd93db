import CheckoutAPI
import CheckoutCore
import CheckoutTesting
import Foundation
import Testing

/// Unpaid orders expire after CHECKOUT_ORDER_TTL on the injected clock; stock comes back once.
@Suite(.serialized) struct ExpiryTests {
    @Test func unpaidOrder_ExpiresAfterTheTTL_AndReleasesStockOnce() async throws {
        try await withApp(configure: { $0.orderTTLSeconds = 60 }) { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, stock: 5)
            let token = try await fixture.login()
            let placed = try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 2)])
            let id = try #require(placed.json["id"] as? String)
            #expect(placed.json["expires_at"] as? String == "2026-11-24T10:01:00Z")
            #expect(try await fixture.stock(of: product, shop: shop) == 3)

            app.clock.advance(seconds: 59)
            #expect(try await app.app.services.expiry.runExpiry().isEmpty)
            #expect(try await fixture.stock(of: product, shop: shop) == 3)

            app.clock.advance(seconds: 1)
            #expect(try await app.app.services.expiry.runExpiry() == [id])
            #expect(try await fixture.stock(of: product, shop: shop) == 5)
            let order = try await client.get("/v1/orders/\(id)", headers: CommerceFixture.bearer(token))
            #expect(order.json["status"] as? String == "cancelled")
            #expect(order.json["cancellation_reason"] as? String == "expired")
            #expect(order.json["cancelled_at"] as? String == "2026-11-24T10:01:00Z")

            app.clock.advance(seconds: 3600)
            #expect(try await app.app.services.expiry.runExpiry().isEmpty)
            let cancel = try await client.post("/v1/orders/\(id)/cancel", headers: CommerceFixture.bearer(token))
            #expect(cancel.status == 409)
            #expect(cancel.errorCode == "invalid_state")
            #expect(try await fixture.stock(of: product, shop: shop) == 5)
        }
    }

    @Test func cancelledOrder_IsNotExpiredAgain() async throws {
        try await withApp(configure: { $0.orderTTLSeconds = 60 }) { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, stock: 5)
            let token = try await fixture.login()
            let placed = try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 2)])
            let id = try #require(placed.json["id"] as? String)
            _ = try await client.post("/v1/orders/\(id)/cancel", headers: CommerceFixture.bearer(token))
            app.clock.advance(seconds: 120)
            #expect(try await app.app.services.expiry.runExpiry().isEmpty)
            #expect(try await fixture.stock(of: product, shop: shop) == 5)
            let order = try await client.get("/v1/orders/\(id)", headers: CommerceFixture.bearer(token))
            #expect(order.json["cancellation_reason"] as? String == "requested")
        }
    }

    @Test func paidOrder_DoesNotExpire() async throws {
        try await withApp(configure: { $0.orderTTLSeconds = 60 }) { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, stock: 5)
            let token = try await fixture.login()
            let placed = try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 2)])
            let id = try #require(placed.json["id"] as? String)
            _ = try await app.app.services.orders.markPaid(id: id)
            app.clock.advance(seconds: 120)
            #expect(try await app.app.services.expiry.runExpiry().isEmpty)
            #expect(try await fixture.stock(of: product, shop: shop) == 3)
        }
    }
}
