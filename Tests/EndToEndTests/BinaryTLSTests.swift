import CheckoutTesting
import Foundation
import Testing

/// The built binary serving TLS: real clients (curl, openssl s_client), reload, start-up errors.
@Suite(.serialized) struct BinaryTLSTests {
    func startTLS(_ certificates: TestCertificates, extra: [String: String] = [:]) throws -> (ServiceProcess, Int) {
        let tlsPort = ServiceProcess.freePort()
        var environment = ["CHECKOUT_TLS_CERT": certificates.certificatePath, "CHECKOUT_TLS_KEY": certificates.keyPath]
        environment.merge(extra) { _, new in new }
        return (try ServiceProcess(environment: environment, httpsPort: tlsPort), tlsPort)
    }

    @Test func curl_UsesKeepAliveOverTLS() throws {
        let certificates = try TestCertificates.shared()
        let (service, tlsPort) = try startTLS(certificates)
        defer { service.stop() }
        let url = "https://localhost:\(tlsPort)/healthz"
        let result = try Shell.run("curl", ["-s", "--cacert", certificates.caPath, url, url,
                                            "-w", "%{http_code} %{num_connects} %{http_version}\n"])
        #expect(result.status == 0)
        #expect(result.output.contains(#"{"status":"ok"}200 1 1.1"#))
        #expect(result.output.contains(#"{"status":"ok"}200 0 1.1"#)) // second request reused the connection
    }

    @Test(arguments: [("-tls1_2", true), ("-tls1_3", true), ("-tls1_1", false)])
    func opensslClient_GetsOnlyModernProtocols(flag: String, accepted: Bool) throws {
        let certificates = try TestCertificates.shared()
        let (service, tlsPort) = try startTLS(certificates)
        defer { service.stop() }
        let result = try Shell.run("openssl", ["s_client", "-connect", "127.0.0.1:\(tlsPort)", flag, "-alpn", "http/1.1",
                                               "-CAfile", certificates.caPath, "-servername", "localhost"],
                                   input: "", timeout: 10)
        if accepted {
            #expect(result.output.contains("ALPN protocol: http/1.1"))
            #expect(result.output.contains("Verify return code: 0 (ok)"))
        } else {
            #expect(!result.output.contains("ALPN protocol: http/1.1"))
            #expect(result.output.contains("alert") || result.output.contains("no protocols available"))
        }
        #expect(try TestConnection(port: service.port).request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status == 200)
    }

    @Test func sighup_ServesTheNewCertificateToNewConnectionsOnly() throws {
        let first = try TestCertificates.generate()
        let live = FileManager.default.temporaryDirectory.appendingPathComponent("cc-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: live) }
        let certPath = live.appendingPathComponent("server.pem").path
        let keyPath = live.appendingPathComponent("server.key").path
        try FileManager.default.copyItem(atPath: first.certificatePath, toPath: certPath)
        try FileManager.default.copyItem(atPath: first.keyPath, toPath: keyPath)
        let tlsPort = ServiceProcess.freePort()
        let service = try ServiceProcess(environment: ["CHECKOUT_TLS_CERT": certPath, "CHECKOUT_TLS_KEY": keyPath], httpsPort: tlsPort)
        defer { service.stop() }
        let before = try TestConnection(tlsPort: tlsPort, caPath: first.caPath)
        let oldFingerprint = before.tlsPeerFingerprint

        // A broken reload keeps the old certificate.
        try Data("not a pem".utf8).write(to: URL(fileURLWithPath: certPath))
        service.send(signal: SIGHUP)
        usleep(300_000)
        #expect(service.output().contains("TLS reload failed"))
        #expect(try TestConnection(tlsPort: tlsPort, caPath: first.caPath).tlsPeerFingerprint == oldFingerprint)

        // A good reload switches new connections; the open one keeps working.
        let second = try TestCertificates.generate()
        try FileManager.default.removeItem(atPath: certPath)
        try FileManager.default.removeItem(atPath: keyPath)
        try FileManager.default.copyItem(atPath: second.certificatePath, toPath: certPath)
        try FileManager.default.copyItem(atPath: second.keyPath, toPath: keyPath)
        service.send(signal: SIGHUP)
        usleep(300_000)
        let after = try TestConnection(tlsPort: tlsPort, caPath: second.caPath)
        #expect(after.tlsPeerFingerprint != oldFingerprint)
        #expect(try after.request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status == 200)
        #expect(try before.request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status == 200)
    }

    @Test func badCertificateSettings_StopStartUpWithOneLine() throws {
        let certificates = try TestCertificates.shared()
        let other = try TestCertificates.generate()
        let notPEM = FileManager.default.temporaryDirectory.appendingPathComponent("cc-notpem-\(UUID().uuidString)").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notPEM))
        defer { try? FileManager.default.removeItem(atPath: notPEM) }
        let cases: [([String: String], String)] = [
            (["CHECKOUT_TLS_CERT": "/nonexistent/cert.pem", "CHECKOUT_TLS_KEY": certificates.keyPath], "CHECKOUT_TLS_CERT"),
            (["CHECKOUT_TLS_CERT": certificates.certificatePath, "CHECKOUT_TLS_KEY": other.keyPath], "CHECKOUT_TLS_"),
            (["CHECKOUT_TLS_CERT": notPEM, "CHECKOUT_TLS_KEY": certificates.keyPath], "CHECKOUT_TLS_CERT"),
            (["CHECKOUT_TLS_CERT": certificates.certificatePath, "CHECKOUT_TLS_KEY": notPEM], "CHECKOUT_TLS_KEY"),
            (["CHECKOUT_TLS_CERT": certificates.certificatePath], "CHECKOUT_TLS_KEY"),
        ]
        for (environment, setting) in cases {
            let service = try ServiceProcess(environment: environment, httpsPort: ServiceProcess.freePort(), waitForHealth: false)
            #expect(service.waitForExit() == 1)
            let lines = service.output().split(separator: "\n")
            #expect(lines.count == 1, "\(service.output())")
            #expect(lines.first?.contains(setting) == true, "\(service.output())")
            service.stop()
        }
    }
}
