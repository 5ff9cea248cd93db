import Testing
@testable import CheckoutHTTP

@Suite struct TLSClientVerificationTests {
    let fixtures: TLSFixtures

    init() throws { fixtures = try TLSFixtures.shared() }

    @Test(arguments: ["localhost", "127.0.0.1", "::1"])
    func client_AcceptsTheServer_ForEveryNameInTheCertificate(name: String) throws {
        let pair = try TLSPair(fixtures: fixtures, serverName: name)
        try pair.handshake()
        #expect(pair.client.isHandshakeComplete)
    }

    @Test(arguments: ["example.com", "127.0.0.2"])
    func client_RejectsAWrongHostName(name: String) throws {
        let pair = try TLSPair(fixtures: fixtures, serverName: name)
        let error = try #require(throws: TLSError.self) { try pair.handshake() }
        #expect(error.kind == .handshakeFailed)
        #expect(error.openSSLErrors.joined().contains("certificate verify failed"))
        #expect(!pair.client.isHandshakeComplete)
    }

    @Test func client_RejectsACertificateFromAnUntrustedCA() throws {
        let pair = try TLSPair(fixtures: fixtures, client: TLSClientConfiguration(trustedCAPath: fixtures.otherCAPath))
        let error = try #require(throws: TLSError.self) { try pair.handshake() }
        #expect(error.openSSLErrors.joined().contains("certificate verify failed"))
    }

    @Test func client_RejectsAnExpiredCertificate() throws {
        let server = try TLSContext(configuration: TLSConfiguration(
            certificateChainPath: fixtures.expiredCertPath, privateKeyPath: fixtures.expiredKeyPath))
        let pair = try TLSPair(fixtures: fixtures, server: server)
        let error = try #require(throws: TLSError.self) { try pair.handshake() }
        #expect(error.openSSLErrors.joined().contains("certificate verify failed"))
    }

    @Test func clientContext_WithTheSystemStore_Builds() throws {
        let context = try TLSContext.makeClient(trustedCAPath: nil)
        #expect(context.role == .client)
        #expect(context.certificate == nil)
    }

    @Test func clientContext_RejectsAMissingCAFile() throws {
        let error = try #require(throws: TLSError.self) {
            try TLSContext.makeClient(trustedCAPath: fixtures.path("absent-ca.pem"))
        }
        #expect(error.kind == .fileNotFound)
        #expect(error.file == .trustedCertificates)
    }
}
