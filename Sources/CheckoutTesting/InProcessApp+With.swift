import CheckoutAPI

/// Runs `body` with a client of a fresh test app over `mode`, and closes the app afterwards:
/// the set-up every API test shares.
/// - Parameters:
///   - configure: changes to the default test configuration (sandbox on, admin token set).
public func withApp<T: Sendable>(_ mode: InProcessApp.Mode = .inProcess,
                                 configure: @escaping @Sendable (inout AppConfiguration) -> Void = { _ in },
                                 _ body: (InProcessClient) async throws -> T) async throws -> T {
    try await withApp(mode, configure: configure) { _, client in try await body(client) }
}

/// `withApp` for a body that also needs the app (its clock, services or database).
public func withApp<T: Sendable>(_ mode: InProcessApp.Mode = .inProcess,
                                 configure: @escaping @Sendable (inout AppConfiguration) -> Void = { _ in },
                                 _ body: (InProcessApp, InProcessClient) async throws -> T) async throws -> T {
    let app = try await InProcessApp.make(configure: configure)
    defer { app.close() }
    return try await app.test(mode) { client in try await body(app, client) }
}
