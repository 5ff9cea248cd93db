import CheckoutTesting
import Foundation
import Testing

/// The built `chatcheckout` binary on real sockets.
@Suite(.serialized) struct BinaryServerTests {
    @Test func healthz_AnswersOKOverLoopback() throws {
        let service = try ServiceProcess()
        defer { service.stop() }
        let response = try TestConnection(port: service.port).request("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(response.status == 200)
        #expect(response.text == #"{"status":"ok"}"#)
        #expect(response.header("Content-Type") == "application/json")
    }

    @Test(arguments: [
        ("GET /healthz HTTP/1.1\r\n\r\n", 400, "invalid_request"),
        ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501, "invalid_request"),
        ("POST /v1/products HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", 413, "payload_too_large"),
    ])
    func requestTheServerRefuses_IsAnsweredInTheContractShape(request: String, status: Int, code: String) throws {
        let service = try ServiceProcess()
        defer { service.stop() }
        let response = try TestConnection(port: service.port).request(request)
        #expect(response.status == status)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.text.hasPrefix(#"{"error":{"code":"\#(code)","message":"#), "\(response.text)")
    }

    @Test func accessLog_HasOneLinePerRequestWithItsRequestID() throws {
        let service = try ServiceProcess()
        defer { service.stop() }
        let response = try TestConnection(port: service.port)
            .request("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: e2e-log-42\r\n\r\n")
        #expect(response.header("X-Request-Id") == "e2e-log-42")
        usleep(200_000)
        let lines = service.output().split(separator: "\n").filter { $0.contains("e2e-log-42") }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("GET /healthz 200") == true)
    }

    @Test(arguments: [
        ("CHECKOUT_HTTP_PORT", "99999"),
        ("CHECKOUT_HTTP_PORT", "eighty"),
        ("CHECKOUT_BIND", "not-an-address"),
        ("CHECKOUT_ORDER_TTL", "-5"),
        ("CHECKOUT_LOG_LEVEL", "loud"),
        ("CHECKOUT_HANDSHAKE_TIMEOUT_MS", "5"),
        ("CHECKOUT_SANDBOX", "maybe"),
        ("WECHATPAY_APIV3_KEY", "short"),
        ("QQ_APP_ID", "wx0123456789"),
        ("QQ_API_BASE", "api.q.qq.com"),
        ("QQ_WXPAY_SIGNED_PATH", "both"),
        ("QQ_WXPAY_SIGNED_ANSWERS", "maybe"),
        ("QPAY_API_KEY", "short"),
        ("QPAY_CERT", "/nonexistent/qpay-client.pem"),
    ])
    func malformedSetting_StopsStartUpWithOneLineNamingIt(variable: String, value: String) throws {
        let service = try ServiceProcess(environment: [variable: value], waitForHealth: false)
        defer { service.stop() }
        #expect(service.waitForExit() == 1)
        let lines = service.output().split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(variable) == true)
    }

    @Test func portHeldByAnotherProcess_StopsStartUpWithOneLineNamingTheSetting() throws {
        let first = try ServiceProcess(environment: ["CHECKOUT_EVENT_LOOPS": "2"])
        defer { first.stop() }
        let second = try ServiceProcess(environment: ["CHECKOUT_HTTP_PORT": String(first.port)], waitForHealth: false)
        defer { second.stop() }
        #expect(second.waitForExit() == 1)
        let lines = second.output().split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("CHECKOUT_HTTP_PORT") == true)
        #expect(lines.first?.contains("already in use") == true)
        // The first process, whose two loops share the port, serves on undisturbed.
        let response = try TestConnection(port: first.port).request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response.status == 200)
    }

    @Test func tlsPortHeldByAnotherProcess_NamesTheTLSSetting() throws {
        let certificates = try TestCertificates.shared()
        let tls = ["CHECKOUT_TLS_CERT": certificates.certificatePath, "CHECKOUT_TLS_KEY": certificates.keyPath]
        let tlsPort = ServiceProcess.freePort()
        let first = try ServiceProcess(environment: tls, httpsPort: tlsPort)
        defer { first.stop() }
        let second = try ServiceProcess(environment: tls, httpsPort: tlsPort, waitForHealth: false)
        defer { second.stop() }
        #expect(second.waitForExit() == 1)
        let lines = second.output().split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("CHECKOUT_HTTPS_PORT") == true)
    }

    @Test func flag_WinsOverTheEnvironment() throws {
        let port = ServiceProcess.freePort()
        let service = try ServiceProcess(
            arguments: ["serve", "--http-port", "70000"], environment: ["CHECKOUT_HTTP_PORT": String(port)],
            waitForHealth: false)
        defer { service.stop() }
        #expect(service.waitForExit() == 1)
        #expect(service.output().contains("CHECKOUT_HTTP_PORT"))
        #expect(service.output().contains("70000"))
    }

    @Test func sigterm_LetsTheRequestInFlightFinishAndExitsZero() throws {
        let service = try ServiceProcess()
        let client = try TestConnection(port: service.port)
        try client.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        usleep(200_000)
        service.send(signal: SIGTERM)
        usleep(300_000)
        try client.send("yes\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(service.waitForExit(seconds: 10) == 0)
        service.stop()
    }
}
