import Testing
@testable import CheckoutHTTP

/// Sessions give their record buffers back whenever they run empty (a stalled handshake holds
/// none) until `keepRecordBuffers()`, which the server's loop calls once a handshake completes;
/// it then frees an idle connection's buffers itself with `releaseBuffers()`.
@Suite struct TLSRecordBufferTests {
    let fixtures: TLSFixtures

    init() throws { fixtures = try TLSFixtures.shared() }

    @Test func sessionsReleaseTheirBuffersWhenEmpty_UntilToldToKeepThem() throws {
        let pair = try TLSPair(fixtures: fixtures)
        #expect(pair.server.releasesBuffersWhenEmpty)
        #expect(pair.client.releasesBuffersWhenEmpty)
        try pair.handshake()
        pair.server.keepRecordBuffers()
        #expect(!pair.server.releasesBuffersWhenEmpty)
        #expect(pair.client.releasesBuffersWhenEmpty)
    }

    @Test(arguments: [TLSVersion.tls1_2, .tls1_3])
    func releaseBuffers_WaitsForAHalfReadRecord_AndTheSessionGoesOnAfterIt(version: TLSVersion) throws {
        let pair = try TLSPair(fixtures: fixtures, client: TLSClientConfiguration(
            trustedCAPath: fixtures.caPath, maximumVersion: version))
        try pair.handshake()
        pair.server.keepRecordBuffers()
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
