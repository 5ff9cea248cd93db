import CheckoutAPI
import CheckoutCore
import Testing

/// The typed auth helpers throw 403 for the wrong kind of caller instead of trapping.
@Suite struct CallerRequireTests {
    static let shop = AuthenticatorTests.shop
    static let session = AuthenticatorTests.session

    @Test func requireShop_ReturnsTheShop_ElseForbidden() throws {
        #expect(try Caller.shop(Self.shop).requireShop() == Self.shop)
        for caller in [Caller.admin, .shopper(Self.session)] {
            do {
                _ = try caller.requireShop()
                Issue.record("expected 403")
            } catch {
                #expect(error.error.code == .forbidden)
            }
        }
    }

    @Test func requireShopper_ReturnsTheSession_ElseForbidden() throws {
        #expect(try Caller.shopper(Self.session).requireShopper() == Self.session)
        do {
            _ = try Caller.shop(Self.shop).requireShopper()
            Issue.record("expected 403")
        } catch {
            #expect(error.error.code == .forbidden)
        }
    }

    @Test func requireOrderOwner_IsTheShopOrTheUser_AdminIsForbidden() throws {
        #expect(try Caller.shop(Self.shop).requireOrderOwner() == .shop("shop_A"))
        #expect(try Caller.shopper(Self.session).requireOrderOwner() == .user("usr_1"))
        do {
            _ = try Caller.admin.requireOrderOwner()
            Issue.record("expected 403")
        } catch {
            #expect(error.error.code == .forbidden)
        }
    }
}
