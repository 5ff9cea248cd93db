import Testing
@testable import CheckoutHTTP

@Suite struct TLSSessionDataTests {
    let fixtures: TLSFixtures

    init() throws { fixtures = try TLSFixtures.shared() }

    @Test(arguments: [TLSVersion.tls1_2, .tls1_3])
    func data_FlowsBothWays_Including100KB(version: TLSVersion) throws {
        let pair = try TLSPair(fixtures: fixtures, client: TLSClientConfiguration(
            trustedCAPath: fixtures.caPath, maximumVersion: version))
        try pair.handshake()
        let request = Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
        #expect(try TLSPair.transfer(request, from: pair.client, to: pair.server) == request)
        let big = [UInt8].random(count: 100 * 1024)
        #expect(try TLSPair.transfer(big, from: pair.server, to: pair.client) == big)
        #expect(try TLSPair.transfer(big, from: pair.client, to: pair.server) == big)
        // Everything was consumed: nothing stays buffered in an idle session.
        for side in [pair.client, pair.server] {
            #expect(side.bufferedCiphertextCount == 0)
            #expect(!side.hasPendingCiphertext)
        }
    }

    @Test func readPlaintext_HandsOutARecordInPieces_WhenTheBufferIsSmall() throws {
        let pair = try TLSPair(fixtures: fixtures)
        try pair.handshake()
        let message = [UInt8].random(count: 1000)
        try pair.client.writePlaintext(message)
        pair.server.feed(pair.client.drainCiphertext())
        var received: [UInt8] = []
        var reads = 0
        while case .bytes(let count) = try pair.server.readPlaintext(into: &received, maxBytes: 64) {
            #expect(count <= 64)
            reads += 1
        }
        #expect(received == message)
        #expect(reads >= 1000 / 64)
    }

    @Test func ciphertextArrivingInDribs_IsReassembled() throws {
        let pair = try TLSPair(fixtures: fixtures)
        try pair.handshake()
        let message = [UInt8].random(count: 5000)
        try pair.client.writePlaintext(message)
        let ciphertext = pair.client.drainCiphertext()
        var received: [UInt8] = []
        var offset = 0
        while offset < ciphertext.count {
            let end = min(offset + 7, ciphertext.count)
            pair.server.feed(Array(ciphertext[offset..<end]))
            offset = end
            while case .bytes = try pair.server.readPlaintext(into: &received) {}
        }
        #expect(received == message)
    }

    @Test func steadyStream_KeepsTheInboundBufferBelowARecordAndAChunk() throws {
        let pair = try TLSPair(fixtures: fixtures)
        try pair.handshake()
        let message = [UInt8].random(count: 300 * 1024)
        try pair.client.writePlaintext(message)
        let ciphertext = pair.client.drainCiphertext()
        var received: [UInt8] = []
        var largest = 0
        for start in stride(from: 0, to: ciphertext.count, by: 1000) {
            pair.server.feed(Array(ciphertext[start..<min(start + 1000, ciphertext.count)]))
            largest = max(largest, pair.server.store.inbound.count)
            while case .bytes = try pair.server.readPlaintext(into: &received) {}
        }
        #expect(received == message)
        #expect(largest <= 16 * 1024 + 256 + 1000)  // one partial TLS record + one chunk
        #expect(pair.server.store.inbound.isEmpty)
    }

    @Test func closeNotify_IsReadAsClosed_AfterTheDataBeforeIt() throws {
        let pair = try TLSPair(fixtures: fixtures)
        try pair.handshake()
        try pair.client.writePlaintext(Array("bye".utf8))
        pair.client.shutdown()
        pair.server.feed(pair.client.drainCiphertext())
        var received: [UInt8] = []
        #expect(try pair.server.readPlaintext(into: &received) == .bytes(3))
        #expect(received == Array("bye".utf8))
        #expect(try pair.server.readPlaintext(into: &received) == .closed)
        #expect(pair.server.isClosedByPeer)
        // The server answers with its own close_notify.
        pair.server.shutdown()
        pair.client.feed(pair.server.drainCiphertext())
        #expect(try pair.client.readPlaintext(into: &received) == .closed)
    }

    @Test func shutdown_QueuesCloseNotifyOnce() throws {
        let pair = try TLSPair(fixtures: fixtures)
        try pair.handshake()
        pair.server.shutdown()
        let alert = pair.server.drainCiphertext()
        #expect(!alert.isEmpty)
        pair.server.shutdown()
        #expect(!pair.server.hasPendingCiphertext)
    }

    @Test func tamperedRecord_FailsTheConnection() throws {
        let pair = try TLSPair(fixtures: fixtures)
        try pair.handshake()
        try pair.client.writePlaintext(Array("pay 100".utf8))
        var record = pair.client.drainCiphertext()
        record[record.count - 1] ^= 0x01
        pair.server.feed(record)
        var received: [UInt8] = []
        let error = try #require(throws: TLSError.self) { try pair.server.readPlaintext(into: &received) }
        #expect(error.kind == .connectionFailed)
        #expect(received.isEmpty)
    }

    @Test(arguments: [TLSVersion.tls1_2, .tls1_3], [false, true])
    func secondConnection_ResumesTheSession(version: TLSVersion, tickets: Bool) throws {
        let server = try TLSContext(configuration: TLSConfiguration(
            certificateChainPath: fixtures.serverCertPath, privateKeyPath: fixtures.serverKeyPath,
            sessionTicketsEnabled: tickets))
        let client = TLSClientConfiguration(trustedCAPath: fixtures.caPath, maximumVersion: version)
        let first = try TLSPair(fixtures: fixtures, client: client, server: server)
        try first.handshake()
        #expect(!first.server.isSessionReused)
        var scratch: [UInt8] = []
        _ = try first.client.readPlaintext(into: &scratch)  // TLS 1.3: takes in the NewSessionTicket
        let saved = try #require(first.client.resumableSession)

        let second = try TLSPair(fixtures: fixtures, client: client, resuming: saved, server: server)
        try second.handshake()
        #expect(second.server.isSessionReused)
        #expect(second.client.isSessionReused)
        #expect(second.server.negotiatedProtocol == version.name)
        #expect(second.server.negotiatedALPN == "http/1.1")
        let ping = Array("ping".utf8)
        #expect(try TLSPair.transfer(ping, from: second.client, to: second.server) == ping)

        let fresh = try TLSPair(fixtures: fixtures, client: client, server: server)
        try fresh.handshake()
        #expect(!fresh.server.isSessionReused)
    }
}
