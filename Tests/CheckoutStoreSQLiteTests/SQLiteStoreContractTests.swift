import CheckoutCore
import CheckoutStoreSQLite
import CheckoutStoreTesting
import Foundation
import Testing

extension StoreFactory {
    /// Fresh SQLite stores on a temporary file (WAL, the real writer and readers).
    static let sqlite = StoreFactory(name: "sqlite") {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stores = try SQLiteStorage.open(path: folder.appendingPathComponent("contract.sqlite").path).stores
        return (stores, { try? FileManager.default.removeItem(at: folder) })
    }
}

/// The store contract suite (CheckoutStoreTesting) on the SQLite backend.
@Suite struct SQLiteStoreContractTests {
    @Test(arguments: StoreContract.cases)
    func contract(_ rule: StoreContract.Case) async throws {
        try await rule.run(on: .sqlite)
    }
}
