import CheckoutCore

/// The store contract: every behaviour the domain relies on from its stores, run unchanged
/// against every backend. A backend's test target runs each case with its factory:
///
/// ```swift
/// @Test(arguments: StoreContract.cases) func contract(_ rule: StoreContract.Case) async throws {
///     try await rule.run(on: .sqlite)
/// }
/// ```
public enum StoreContract {
    /// One rule of the contract.
    public struct Case: Sendable, CustomStringConvertible {
        public let name: String
        let body: @Sendable (ContractWorld) async throws -> Void

        public var description: String { name }

        /// Runs the rule on fresh stores from `factory`, closing them afterwards.
        /// - Throws: `ContractViolation` naming what broke, or the store's error.
        public func run(on factory: StoreFactory) async throws {
            let (stores, dispose) = try await factory.make()
            defer {
                stores.health.close()
                dispose()
            }
            do {
                try await body(ContractWorld(stores: stores))
            } catch let violation as ContractViolation {
                throw ContractViolation(description: "\(factory.name) \(name): \(violation.description)")
            }
        }
    }

    /// Every rule.
    public static let cases: [Case] = orderCases + paymentCases + claimCases + catalogCases + shareCases + rewardCases
}
