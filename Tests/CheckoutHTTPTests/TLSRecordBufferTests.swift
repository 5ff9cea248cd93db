import COpenSSL
import Testing
@testable import CheckoutHTTP

/// The server's sessions keep OpenSSL's record buffers between records (the event loop frees
/// them once a connection has been idle for a tick); clients give them back as they empty.
@Suite struct TLSRecordBufferTests {
    let fixtures: TLSFixtures

    init() throws { fixtures = try TLSFixtures.shared() }

    static func releasesBuffers(_ context: TLSContext) -> Bool {
        SSL_CTX_ctrl(context.handle, SSL_CTRL_MODE, 0, nil) & Int(SSL_MODE_RELEASE_BUFFERS) != 0
    }

    @Test func serverContexts_KeepTheirBuffers_ClientContextsReleaseThem() throws {
        let server = try TLSContext(configuration: TLSConfiguration(
            certificateChainPath: fixtures.serverCertPath, privateKeyPath: fixtures.serverKeyPath))
        let client = try TLSContext.makeClient(configuration: TLSClientConfiguration(trustedCAPath: fixtures.caPath))
        #expect(!Self.releasesBuffers(server))
        #expect(Self.releasesBuffers(client))
    }

    @Test(arguments: [TLSVersion.tls1_2, .tls1_3])
    func releaseBuffers_WaitsForAHalfReadRecord_AndTheSessionGoesOnAfterIt(version: TLSVersion) throws {
        let pair = try TLSPair(fixtures: fixtures, client: TLSClientConfiguration(
            trustedCAPath: fixtures.caPath, maximumVersion: version))
        try pair.handshake()
        let message = [UInt8].random(count: 3000)
        try pair.client.writePlaintext(message)
        let ciphertext = pair.client.drainCiphertext()
        // Half a record inside OpenSSL's read buffer: in use, so not freed.
        pair.server.feed(Array(ciphertext[..<(ciphertext.count / 2)]))
        var received: [UInt8] = []
        #expect(try pair.server.readPlaintext(into: &received) == .wantRead)
        #expect(!pair.server.releaseBuffers())
        pair.server.feed(Array(ciphertext[(ciphertext.count / 2)...]))
        while case .bytes = try pair.server.readPlaintext(into: &received) {}
        #expect(received == message)
        // Drained: freed, and the next records in both directions allocate them again.
        #expect(pair.server.releaseBuffers())
        #expect(pair.server.releaseBuffers())
        for _ in 0..<3 {
            let request = [UInt8].random(count: 700), answer = [UInt8].random(count: 20_000)
            #expect(try TLSPair.transfer(request, from: pair.client, to: pair.server) == request)
            #expect(try TLSPair.transfer(answer, from: pair.server, to: pair.client) == answer)
            #expect(pair.server.releaseBuffers())
        }
    }
}
