import Testing
@testable import CheckoutCore

@Suite struct MoneyTests {
    let usd = Currency(code: "USD")!

    @Test func addingSameCurrencySums() throws {
        #expect(try Money(150, .cny).adding(Money(250, .cny)) == Money(400, .cny))
    }

    @Test func addingAcrossCurrenciesIsInvalidRequest() {
        #expect(throws: CheckoutError.self) { try Money(1, .cny).adding(Money(1, usd)) }
    }

    @Test func additionOverflowIsInvalidRequestWithParam() {
        let error = #expect(throws: CheckoutError.self) {
            try Money(.max, .cny).adding(Money(1, .cny), param: "items")
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.param == "items")
    }

    @Test func multiplicationOverflowIsCaught() throws {
        #expect(try Money(1_000_000_000_000, .cny).multiplied(by: 999).amount == 999_000_000_000_000)
        #expect(throws: CheckoutError.self) { try Money(.max / 2, .cny).multiplied(by: 3) }
    }

    @Test func subtractionOverflowIsCaught() throws {
        #expect(try Money(5, .cny).subtracting(Money(7, .cny)).amount == -2)
        #expect(throws: CheckoutError.self) { try Money(.min, .cny).subtracting(Money(1, .cny)) }
    }

    @Test func currencyAcceptsISOCodesInAnyCaseAndNormalizesToUpperCase() {
        #expect(Currency(code: "cny")?.code == "CNY")
        #expect(Currency(code: "EUR")?.code == "EUR")
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency(code: "CN") == nil)
        #expect(Currency(code: "CNYY") == nil)
        #expect(Currency(code: "") == nil)
    }
}
