import CheckoutCore

/// Makes fresh, empty, migrated stores of one backend for the store contract suite. Each call
/// is a new database; when a case ends the suite closes the stores (`stores.health.close()`)
/// and then calls `dispose` (remove the file, drop the database).
public struct StoreFactory: Sendable {
    public typealias Made = (stores: CheckoutStores, dispose: @Sendable () -> Void)
    /// The backend's name, shown in test names (`sqlite`, `postgres`).
    public let name: String
    let make: @Sendable () async throws -> Made

    public init(name: String, make: @escaping @Sendable () async throws -> Made) {
        self.name = name
        self.make = make
    }
}

/// A broken rule of the store contract, with what was expected.
public struct ContractViolation: Error, CustomStringConvertible {
    public let description: String
}

/// Fails the case with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw ContractViolation(description: message()) }
}

/// The error `body` throws as a `CheckoutError` (a violation when it throws none or another).
func checkoutError(_ body: () async throws -> some Any) async throws -> CheckoutError {
    do {
        _ = try await body()
    } catch let error as CheckoutError {
        return error
    }
    throw ContractViolation(description: "expected a CheckoutError, got none")
}
