import COpenSSL
import Testing
@testable import CheckoutHTTP

@Suite struct TLSSessionTests {
    let fixtures: TLSFixtures

    init() throws { fixtures = try TLSFixtures.shared() }

    @Test func handshake_NegotiatesTLS13AndHTTP11_ByDefault() throws {
        let pair = try TLSPair(fixtures: fixtures)
        try pair.handshake()
        for side in [pair.client, pair.server] {
            #expect(side.isHandshakeComplete)
            #expect(side.negotiatedProtocol == "TLSv1.3")
            #expect(side.negotiatedALPN == "http/1.1")
            #expect(side.negotiatedCipher?.hasPrefix("TLS_") == true)
        }
        #expect(pair.client.peerCertificate?.sha256FingerprintHex == fixtures.serverFingerprint)
    }

    @Test func handshake_NegotiatesTLS12_WhenTheClientCapsAtTLS12() throws {
        let pair = try TLSPair(fixtures: fixtures, client: TLSClientConfiguration(
            trustedCAPath: fixtures.caPath, maximumVersion: .tls1_2))
        try pair.handshake()
        #expect(pair.server.negotiatedProtocol == "TLSv1.2")
        #expect(pair.client.negotiatedProtocol == "TLSv1.2")
        #expect(pair.server.negotiatedALPN == "http/1.1")
        #expect(pair.server.negotiatedCipher?.hasPrefix("ECDHE-ECDSA-") == true)
    }

    @Test func handshake_IsIdempotent_OnceComplete() throws {
        let pair = try TLSPair(fixtures: fixtures)
        try pair.handshake()
        #expect(try pair.server.handshake() == .complete)
        #expect(try pair.client.handshake() == .complete)
        #expect(!pair.client.hasPendingCiphertext)
    }

    @Test func tls12_UsesTheServerCipherOrder_NotTheClients() throws {
        let pair = try TLSPair(fixtures: fixtures, client: TLSClientConfiguration(
            trustedCAPath: fixtures.caPath, maximumVersion: .tls1_2))
        #expect(SSL_set_cipher_list(pair.client.ssl,
            "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256") == 1)
        try pair.handshake()
        #expect(pair.server.negotiatedCipher == "ECDHE-ECDSA-AES128-GCM-SHA256")
    }

    @Test func tls12_RefusesCBCSuites_OutsideTheIntermediateList() throws {
        let pair = try TLSPair(fixtures: fixtures, client: TLSClientConfiguration(
            trustedCAPath: fixtures.caPath, maximumVersion: .tls1_2))
        #expect(SSL_set_cipher_list(pair.client.ssl, "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384") == 1)
        let error = try #require(throws: TLSError.self) { try pair.handshake() }
        #expect(error.openSSLErrors.joined().contains("no shared cipher") || error.kind == .handshakeFailed)
        #expect(error.kind == .handshakeFailed)
    }

    @Test(arguments: [(["h2", "http/1.1"], "http/1.1"), (["http/1.0", "http/1.1"], "http/1.1"), (["http/1.0"], "http/1.0")])
    func alpn_PrefersHTTP11_FromTheClientsOffer(offer: [String], chosen: String) throws {
        let pair = try TLSPair(fixtures: fixtures, client: TLSClientConfiguration(
            trustedCAPath: fixtures.caPath, alpnProtocols: offer))
        try pair.handshake()
        #expect(pair.server.negotiatedALPN == chosen)
        #expect(pair.client.negotiatedALPN == chosen)
    }

    @Test func clientWithoutALPN_IsAccepted() throws {
        let pair = try TLSPair(fixtures: fixtures, client: TLSClientConfiguration(
            trustedCAPath: fixtures.caPath, alpnProtocols: []))
        try pair.handshake()
        #expect(pair.server.negotiatedALPN == nil)
        #expect(pair.server.isHandshakeComplete)
    }

    @Test func clientOfferingOnlyOtherProtocols_IsRefusedWithNoApplicationProtocol() throws {
        let pair = try TLSPair(fixtures: fixtures, client: TLSClientConfiguration(
            trustedCAPath: fixtures.caPath, alpnProtocols: ["h2"]))
        let error = try #require(throws: TLSError.self) { try pair.handshake() }
        #expect(error.kind == .handshakeFailed)
        #expect(error.sslErrorCode == SSL_ERROR_SSL)
    }

    @Test func tls11Client_IsRefused() throws {
        let server = try TLSSession(context: TLSContext(configuration: TLSConfiguration(
            certificateChainPath: fixtures.serverCertPath, privateKeyPath: fixtures.serverKeyPath)))
        let client = try TLSSession(context: TLSContext.makeLegacyClientForTesting(trustedCAPath: fixtures.caPath))
        #expect(try client.handshake() == .wantRead)
        let clientHello = client.drainCiphertext()
        #expect(clientHello.first == 0x16)  // a handshake record was offered
        server.feed(clientHello)
        let error = try #require(throws: TLSError.self) { try server.handshake() }
        #expect(error.kind == .handshakeFailed)
        #expect(error.openSSLErrors.joined().contains("unsupported protocol"))
        // The protocol_version alert reaches the client, which fails too.
        client.feed(server.drainCiphertext())
        #expect(throws: TLSError.self) { try client.handshake() }
        // The failure is final.
        #expect(throws: TLSError.self) { try server.handshake() }
    }

    @Test(arguments: [
        Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8),
        Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8),
        [0x16, 0x03, 0x01, 0x00, 0x06, 0x01, 0x00, 0x00, 0x02, 0xff, 0xff],  // a ClientHello with a broken body
        [0x17, 0x03, 0x03, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef],  // application data before any handshake
        [UInt8](repeating: 0, count: 64),
    ])
    func garbageFedToAServer_FailsTheHandshake(garbage: [UInt8]) throws {
        let server = try TLSSession(context: TLSContext(configuration: TLSConfiguration(
            certificateChainPath: fixtures.serverCertPath, privateKeyPath: fixtures.serverKeyPath)))
        server.feed(garbage)
        let error = try #require(throws: TLSError.self) { try server.handshake() }
        #expect(error.kind == .handshakeFailed)
        #expect(!error.openSSLErrors.isEmpty)
        var plaintext: [UInt8] = []
        #expect(throws: TLSError.self) { try server.readPlaintext(into: &plaintext) }
        #expect(plaintext.isEmpty)
    }

    @Test func truncatedClientHello_WantsMoreBytes_ThenCompletes() throws {
        let pair = try TLSPair(fixtures: fixtures)
        _ = try pair.client.handshake()
        let clientHello = pair.client.drainCiphertext()
        #expect(clientHello.count > 100)
        // Byte by byte: every prefix is incomplete, never an error.
        for byte in clientHello.dropLast() {
            pair.server.feed([byte])
            #expect(try pair.server.handshake() == .wantRead)
            #expect(!pair.server.hasPendingCiphertext)
        }
        pair.server.feed([clientHello.last!])
        #expect(try pair.server.handshake() == .wantRead)  // waits for the client's Finished
        #expect(pair.server.hasPendingCiphertext)          // ServerHello ... Finished
        try pair.handshake()
        #expect(pair.server.isHandshakeComplete)
    }

    @Test func writeBeforeHandshake_Throws() throws {
        let pair = try TLSPair(fixtures: fixtures)
        let error = try #require(throws: TLSError.self) { try pair.server.writePlaintext([1, 2, 3]) }
        #expect(error.kind == .writeBeforeHandshake)
    }
}
