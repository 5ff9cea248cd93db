import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

/// The errors the server answers itself are rendered by the configured `HTTPErrorRenderer`:
/// plain text by default, the app's format when it hands one in. The server knows no contract.
@Suite struct ErrorRendererLiveTests {
    /// Marks every answer so a test can tell it came from here.
    struct TaggingRenderer: HTTPErrorRenderer {
        func response(for error: HTTPServerError) -> Response {
            var response = Response.text("tagged \(error.status.code): \(error.message)", status: error.status,
                                         contentType: "application/x-tagged")
            for field in error.headers { response.headers[field.name] = field.value }
            return response
        }
    }

    static let router: RouterResponder = {
        let router = Router()
        router.get("/boom") { _ in throw CancellationError() }
        router.get("/only-get") { _ in .text("ok") }
        return router.buildResponder()
    }()

    @Test func parseError_IsPlainTextByDefault() async throws {
        try await TestServer.with(Self.router) { server in
            let response = try server.connect().request("GET / HTTP/1.1\r\n\r\n")
            #expect(response.status == 400)
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.text == "Bad Request.\n")
            #expect(response.header("Connection") == "close")
        }
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", 413),
    ])
    func parseError_UsesTheConfiguredRenderer(request: String, status: Int) async throws {
        try await TestServer.with(Self.router, configure: { $0.errorRenderer = TaggingRenderer() }) { server in
            let response = try server.connect().request(request)
            #expect(response.status == status)
            #expect(response.header("Content-Type") == "application/x-tagged")
            #expect(response.text.hasPrefix("tagged \(status): "))
            #expect(response.header("Connection") == "close")
        }
    }

    @Test func uncaughtHandlerErrors_UseTheConfiguredRenderer() async throws {
        try await TestServer.with(Self.router, configure: { $0.errorRenderer = TaggingRenderer() }) { server in
            let client = try server.connect()
            let crash = try client.request("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(crash.status == 500)
            #expect(crash.text == "tagged 500: Internal Server Error.")
            let missing = try client.request("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(missing.status == 404)
            #expect(missing.text == "tagged 404: Nothing is served at this path.")
            let wrongMethod = try client.request("DELETE /only-get HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("Allow") == "GET, HEAD")
        }
    }
}
