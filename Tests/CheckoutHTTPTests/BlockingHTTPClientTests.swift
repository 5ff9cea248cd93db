import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

/// The outgoing HTTP/1.1 client against our own server: plain, TLS with a client certificate,
/// and its failures.
@Suite struct BlockingHTTPClientTests {
    static let echo = ClosureResponder { request in
        if request.path == "/slow" { try await Task.sleep(for: .seconds(3)) }
        var response = Response.text("\(request.method.rawValue) \(request.target) " + String(decoding: request.body, as: UTF8.self))
        response.headers.append("X-Seen-Type", request.headers["Content-Type"] ?? "")
        return response
    }

    @Test func plainHTTP_SendsTheBodyAndReadsTheWholeAnswer() async throws {
        let server = try TestServer(responder: Self.echo)
        defer { server.server.shutdown() }
        let client = BlockingHTTPClient(tls: nil, timeout: .seconds(5))
        let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/cgi-bin/x.cgi?a=1"))
        let answer = try await client.send(method: "POST", url: url, headers: [("Content-Type", "text/xml")],
                                           body: Array("<xml/>".utf8))
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self) == "POST /cgi-bin/x.cgi?a=1 <xml/>")
        #expect(answer.headers["X-Seen-Type"] == "text/xml")
    }

    @Test func tlsWithAClientCertificate_Handshakes() async throws {
        let server = try TestServer(responder: Self.echo, tls: true)
        defer { server.server.shutdown() }
        let certificates = try TestCertificates.shared()
        var configuration = TLSClientConfiguration(trustedCAPath: certificates.caPath)
        configuration.clientCertificate = (certificates.certificatePath, certificates.keyPath)
        let client = BlockingHTTPClient(tls: try TLSContext.makeClient(configuration: configuration), timeout: .seconds(5))
        let port = try #require(server.tlsPort)
        let url = try #require(URL(string: "https://localhost:\(port)/refund"))
        let answer = try await client.send(method: "POST", url: url, body: Array("x".utf8))
        #expect(answer.status == 200 && String(decoding: answer.body, as: UTF8.self) == "POST /refund x")
    }

    @Test func aClientKeyThatDoesNotMatch_IsRefusedWhenTheContextIsMade() throws {
        let certificates = try TestCertificates.shared()
        let other = try TestCertificates.generate()
        var configuration = TLSClientConfiguration(trustedCAPath: certificates.caPath)
        configuration.clientCertificate = (certificates.certificatePath, other.keyPath)
        #expect(throws: TLSError.self) { try TLSContext.makeClient(configuration: configuration) }
        configuration.clientCertificate = ("/nonexistent.pem", certificates.keyPath)
        #expect(throws: TLSError.self) { try TLSContext.makeClient(configuration: configuration) }
    }

    @Test func failures_AreTyped() async throws {
        let server = try TestServer(responder: Self.echo)
        defer { server.server.shutdown() }
        let client = BlockingHTTPClient(tls: nil, timeout: .milliseconds(300))
        do {
            _ = try await client.send(method: "GET", url: try #require(URL(string: "http://127.0.0.1:\(server.port)/slow")), body: [])
            Issue.record("a slow answer arrived within the deadline")
        } catch let error as OutgoingHTTPError {
            #expect(error.kind == .timedOut)
        }
        do {
            _ = try await client.send(method: "GET", url: try #require(URL(string: "http://127.0.0.1:\(ServiceProcess.freePort())/")),
                                      body: [])
            Issue.record("a closed port answered")
        } catch let error as OutgoingHTTPError {
            #expect(error.kind == .unreachable)
        }
    }
}
