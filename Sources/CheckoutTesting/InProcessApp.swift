import CheckoutAPI
import CheckoutCore
import CheckoutHTTP
import CheckoutStorePostgres
import CheckoutStoreSQLite
import Foundation
import Logging
import CheckoutThreads

/// A `CheckoutApp` on a fresh temporary database and public folder, for API tests.
public final class InProcessApp: Sendable {
    public let app: CheckoutApp
    public let directory: URL
    public let clock: ManualClock
    /// The SQLite database the app's stores run on (for tests that look at or break storage);
    /// only on the SQLite backend.
    public var sqlite: SQLiteStorage {
        guard let sqliteStorage else { preconditionFailure("this test app runs on PostgreSQL") }
        return sqliteStorage
    }
    private let sqliteStorage: SQLiteStorage?
    /// The PostgreSQL database of an app made with `backend: .postgres`.
    public let postgres: PostgresStorage?

    /// The storage backend of a test app.
    public enum Backend: String, Sendable, CaseIterable, CustomStringConvertible {
        /// A fresh SQLite file in the app's temporary folder.
        case sqlite
        /// A fresh schema on the run's PostgreSQL server (`CHECKOUT_TEST_DATABASE_URL`).
        case postgres

        public var description: String { rawValue }
    }

    /// How a test body reaches the app.
    public enum Mode: Sendable, CaseIterable {
        case inProcess
        case live
    }

    /// - Parameters:
    ///   - configure: changes to the default test configuration (sandbox on, admin token set).
    ///   - shopperLogin: replaces the WeChat login client.
    ///   - logHandler: where the app logs (default: nowhere).
    ///   - postgres: runs the app on this PostgreSQL database instead of SQLite.
    public init(configure: (inout AppConfiguration) -> Void = { _ in }, shopperLogin: (any ShopperLogin)? = nil,
                logHandler: (any LogHandler)? = nil, postgres: PostgresConfiguration? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cc-api-\(UUID().uuidString)")
        let publicDirectory = directory.appendingPathComponent("Public")
        try FileManager.default.createDirectory(at: publicDirectory, withIntermediateDirectories: true)
        try Data("<!doctype html><title>test</title>".utf8).write(to: publicDirectory.appendingPathComponent("index.html"))
        var configuration = AppConfiguration()
        configuration.databasePath = directory.appendingPathComponent("checkout.sqlite").path
        configuration.publicDirectory = publicDirectory.path
        configuration.adminToken = Self.adminToken
        configuration.sandbox = true
        configuration.writeQueueLimit = 0
        configure(&configuration)
        var logger = Logger(label: "test-app") { label in logHandler ?? SwiftLogNoOpLogHandler(label) }
        logger.logLevel = .trace
        let clock = ManualClock()
        self.clock = clock
        let stores: CheckoutStores
        if let postgres {
            let storage = try PostgresStorage.open(postgres, connections: 4)
            (self.postgres, sqliteStorage) = (storage, nil)
            stores = StoreBackend.stores(storage)
        } else {
            // The stock gate on the test clock trusts what it read until the clock moves a day:
            // a stock change it is not told of fails a test instead of healing after a second.
            let gate = StockGate(clock: clock, lifetimeMilliseconds: 86_400_000)
            let storage = try SQLiteStorage.open(path: configuration.databasePath,
                                                 writeQueueLimit: configuration.writeQueueLimit, stockGate: gate)
            (self.postgres, sqliteStorage) = (nil, storage)
            stores = storage.stores
        }
        app = try CheckoutApp(configuration: configuration, logger: logger, clock: clock, shopperLogin: shopperLogin,
                              stores: stores)
    }

    /// The admin token of test apps.
    public static let adminToken = "test-admin-token-0123456789"

    /// Runs `body` with a client of the app over `mode`; a live server on an ephemeral port is
    /// started for `.live` and stopped afterwards.
    public func test<T: Sendable>(_ mode: Mode, _ body: (InProcessClient) async throws -> T) async throws -> T {
        switch mode {
        case .inProcess:
            return try await body(InProcessClient(responder: app.responder))
        case .live:
            let server = try TestServer(responder: app.responder) { $0.errorRenderer = ContractErrorRenderer() }
            defer { server.server.shutdown() }
            return try await body(.live(port: server.port))
        }
    }

    private let closed = Locked(false)

    /// Closes the database and removes the temporary folder; once, however often it is called.
    public func close() {
        guard closed.withLock({ closed in defer { closed = true }; return !closed }) else { return }
        app.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { close() }
}
