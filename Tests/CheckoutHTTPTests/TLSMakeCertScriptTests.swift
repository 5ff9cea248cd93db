import Foundation
import Testing
@testable import CheckoutHTTP

@Suite struct TLSMakeCertScriptTests {
    @Test func makeCert_CreatesAUsableCAAndServerCertificate_AndIsIdempotent() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("make-cert-\(UUID().uuidString)/tls").path
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }

        let firstOutput = try TLSTool.run(TLSTool.makeCertScript, [dir])
        #expect(firstOutput.contains("curl --cacert \(dir)/ca.pem https://127.0.0.1:8443/healthz"))
        for key in ["ca.key", "server.key"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(dir)/\(key)")
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(key)")
        }
        let certificate = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/server.pem"))

        let secondOutput = try TLSTool.run(TLSTool.makeCertScript, [dir])
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/server.pem")) == certificate)
        #expect(secondOutput.contains("already exist"))
        #expect(secondOutput.contains("curl --cacert \(dir)/ca.pem"))

        let server = try TLSContext(configuration: TLSConfiguration(
            certificateChainPath: "\(dir)/server.pem", privateKeyPath: "\(dir)/server.key"))
        let client = try TLSContext.makeClient(trustedCAPath: "\(dir)/ca.pem")
        for name in ["127.0.0.1", "localhost"] {
            let pair = try TLSPair(client: TLSSession(context: client, serverName: name), server: TLSSession(context: server))
            try pair.handshake()
            #expect(pair.client.isHandshakeComplete)
        }
    }
}
