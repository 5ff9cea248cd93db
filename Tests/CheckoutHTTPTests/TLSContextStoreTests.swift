import Foundation
import Testing
@testable import CheckoutHTTP

@Suite struct TLSContextStoreTests {
    let fixtures: TLSFixtures
    let directory: URL
    let configuration: TLSConfiguration

    init() throws {
        fixtures = try TLSFixtures.shared()
        directory = fixtures.directory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configuration = TLSConfiguration(certificateChainPath: directory.appendingPathComponent("server.pem").path,
                                         privateKeyPath: directory.appendingPathComponent("server.key").path)
        try install(cert: fixtures.serverCertPath, key: fixtures.serverKeyPath)
    }

    /// Replaces the configured files, as an operator renewing a certificate would.
    private func install(cert: String, key: String) throws {
        for (source, target) in [(cert, configuration.certificateChainPath), (key, configuration.privateKeyPath)] {
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: source, toPath: target)
        }
    }

    /// Handshakes a fresh client with `server` and returns the certificate it saw.
    private func servedFingerprint(_ server: TLSSession) throws -> String? {
        let client = try TLSSession(context: TLSContext.makeClient(trustedCAPath: fixtures.caPath), serverName: "localhost")
        let pair = TLSPair(client: client, server: server)
        try pair.handshake()
        return client.peerCertificate?.sha256FingerprintHex
    }

    @Test func reload_ServesTheNewCertificateToNewSessions_AndLeavesOpenOnesAlone() throws {
        let store = try TLSContextStore(configuration: configuration)
        let openBefore = try store.makeSession()
        try install(cert: fixtures.secondCertPath, key: fixtures.secondKeyPath)

        let reloaded = try store.reload()

        #expect(reloaded === store.current)
        #expect(store.current.certificate?.sha256FingerprintHex == fixtures.secondFingerprint)
        #expect(try servedFingerprint(store.makeSession()) == fixtures.secondFingerprint)
        #expect(try servedFingerprint(openBefore) == fixtures.serverFingerprint)
    }

    @Test func failedReload_KeepsTheOldCertificate_AndThrows() throws {
        let store = try TLSContextStore(configuration: configuration)
        let before = store.current
        try install(cert: fixtures.secondCertPath, key: fixtures.serverKeyPath)  // key no longer matches

        let error = #expect(throws: TLSError.self) { try store.reload() }

        #expect(error?.kind == .keyMismatch)
        #expect(store.current === before)
        #expect(try servedFingerprint(store.makeSession()) == fixtures.serverFingerprint)
    }

    @Test func failedReload_OfAMissingFile_KeepsTheOldCertificate() throws {
        let store = try TLSContextStore(configuration: configuration)
        try FileManager.default.removeItem(atPath: configuration.certificateChainPath)

        let error = #expect(throws: TLSError.self) { try store.reload() }

        #expect(error?.kind == .fileNotFound)
        #expect(try servedFingerprint(store.makeSession()) == fixtures.serverFingerprint)
    }

    @Test func sessions_CanBeMadeOnSeveralThreads_WhileReloading() async throws {
        let store = try TLSContextStore(configuration: configuration)
        let client = try TLSContext.makeClient(trustedCAPath: fixtures.caPath)
        let known = [fixtures.serverFingerprint, fixtures.secondFingerprint]
        try install(cert: fixtures.secondCertPath, key: fixtures.secondKeyPath)
        let seen = try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                for _ in 0..<10 { try store.reload() }
                return []
            }
            for _ in 0..<3 {
                group.addTask {
                    try (0..<10).map { _ in
                        let pair = try TLSPair(client: TLSSession(context: client, serverName: "localhost"),
                                               server: store.makeSession())
                        try pair.handshake()
                        return pair.client.peerCertificate?.sha256FingerprintHex ?? ""
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(seen.count == 30)
        #expect(seen.allSatisfy(known.contains))
        #expect(store.current.certificate?.sha256FingerprintHex == fixtures.secondFingerprint)
    }

    @Test func store_RefusesToStart_OnABadConfiguration() {
        let bad = TLSConfiguration(certificateChainPath: fixtures.derCertPath, privateKeyPath: fixtures.serverKeyPath)
        let error = #expect(throws: TLSError.self) { try TLSContextStore(configuration: bad) }
        #expect(error?.kind == .notPEM)
    }
}
