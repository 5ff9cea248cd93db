import CheckoutCore
import CheckoutStorePostgres
import CheckoutStoreTesting
import CheckoutTesting
import Testing

extension StoreFactory {
    /// Fresh PostgreSQL stores on a new schema of the test server (`make test` starts it).
    static let postgres = StoreFactory(name: "postgres") {
        let configuration = try await PostgresTestDatabase.freshConfiguration(prefix: "contract")
        let storage = try await Blocking.run { try PostgresStorage.open(configuration, connections: 4) }
        return (storage.stores, {})
    }
}

/// The store contract suite (CheckoutStoreTesting), unchanged, on the PostgreSQL backend.
@Suite struct PostgresStoreContractTests {
    @Test(arguments: StoreContract.cases)
    func contract(_ rule: StoreContract.Case) async throws {
        try await rule.run(on: .postgres)
    }
}
