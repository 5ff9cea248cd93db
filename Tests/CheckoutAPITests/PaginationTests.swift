import CheckoutAPI
import CheckoutCore
import CheckoutHTTP
import Testing

/// `?limit=` and `?starting_after=`.
@Suite struct PaginationTests {
    func page(_ query: String) throws -> PageRequest {
        try Request(method: .get, target: "/v1/products" + query).pageRequest()
    }

    @Test func defaults_AreTwentyFromTheStart() throws {
        let request = try page("")
        #expect(request.limit == 20)
        #expect(request.startingAfter == nil)
    }

    @Test func validValues_AreRead() throws {
        let request = try page("?limit=100&starting_after=prod_abc")
        #expect(request.limit == 100)
        #expect(request.startingAfter == "prod_abc")
        #expect(try page("?limit=1").limit == 1)
    }

    @Test(arguments: ["0", "101", "-1", "abc", "1.5", "", "99999999999999999999", "+5", " 5"])
    func badLimit_Is400NamingLimit(limit: String) {
        #expect(throws: CheckoutError.self) { try page("?limit=\(limit)") }
        do { _ = try page("?limit=\(limit)") } catch let error as CheckoutError {
            #expect(error.code == .invalidRequest)
            #expect(error.param == "limit")
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func emptyStartingAfter_Is400NamingIt() {
        do {
            _ = try page("?starting_after=")
            Issue.record("accepted")
        } catch let error as CheckoutError {
            #expect(error.param == "starting_after")
        } catch { Issue.record("unexpected \(error)") }
    }
}
