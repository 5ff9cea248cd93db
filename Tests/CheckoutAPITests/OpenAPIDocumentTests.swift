import CheckoutAPI
import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

/// The served OpenAPI document: complete, in step with the router, and valid OpenAPI 3.1.
@Suite struct OpenAPIDocumentTests {
    @Test func everyRegisteredRouteIsDescribed_AndEveryDescriptionIsARoute() async throws {
        let app = try InProcessApp()
        defer { app.close() }
        let registered = Set(app.app.routes.map { "\($0.method) \($0.path)" })
        let response = try await app.test(.inProcess) { try await $0.get("/openapi.json") }
        let paths = try #require(response.json["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, methods) in paths {
            for method in methods.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        #expect(!registered.isEmpty)
        #expect(registered.subtracting(documented).isEmpty, "routes without a description: \(registered.subtracting(documented))")
        #expect(documented.subtracting(registered).isEmpty, "descriptions without a route: \(documented.subtracting(registered))")
    }

    @Test func document_IsOpenAPI31WithTheErrorSchemaAndBearerAuth() async throws {
        let app = try InProcessApp()
        defer { app.close() }
        let response = try await app.test(.inProcess) { try await $0.get("/openapi.json") }
        #expect(response.status == 200)
        #expect(response.mediaType == "application/json")
        #expect(response.json["openapi"] as? String == "3.1.0")
        let components = try #require(response.json["components"] as? [String: Any])
        #expect((components["schemas"] as? [String: Any])?["Error"] != nil)
        #expect((components["securitySchemes"] as? [String: Any])?["bearer"] != nil)
    }

    @Test func operationIDs_AreUnique() async throws {
        let app = try InProcessApp()
        defer { app.close() }
        let ids = app.app.operations.map(\.operationID)
        #expect(Set(ids).count == ids.count)
    }

    /// Runs `openapi-spec-validator` (PyPI) on the served document; installs it when missing and
    /// skips only when it cannot be installed.
    @Test func servedDocument_PassesOpenAPISpecValidator() async throws {
        // Child processes are waited for off the cooperative pool, which the live servers' handlers need.
        guard try await Blocking.run({ Self.ensureValidator() }) else {
            Issue.record("openapi-spec-validator is missing and pip could not install it (make test-deps installs it)")
            return
        }
        let app = try InProcessApp()
        defer { app.close() }
        let response = try await app.test(.live) { try await $0.get("/openapi.json") }
        let file = app.directory.appendingPathComponent("openapi.json")
        try Data(response.body).write(to: file)
        let path = file.path
        let (status, output) = try await Blocking.run { try Self.run(["python3", "-m", "openapi_spec_validator", path]) }
        #expect(status == 0, "validator said: \(output)")
    }

    static func ensureValidator() -> Bool {
        if (try? run(["python3", "-c", "import openapi_spec_validator"]))?.0 == 0 { return true }
        guard (try? run(["python3", "-m", "pip", "install", "--quiet", "openapi-spec-validator"]))?.0 == 0 else { return false }
        return (try? run(["python3", "-c", "import openapi_spec_validator"]))?.0 == 0
    }

    static func run(_ arguments: [String]) throws -> (Int32, String) {
        try Shell.run(arguments[0], Array(arguments.dropFirst()), timeout: 600)
    }
}
