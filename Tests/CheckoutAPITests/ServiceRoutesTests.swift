import CheckoutAPI
import CheckoutHTTP
import CheckoutStoreSQLite
import CheckoutTesting
import Foundation
import Testing

/// `/healthz`, `/readyz`, `/openapi.json` and static files, in process and over sockets.
@Suite struct ServiceRoutesTests {
    @Test(arguments: InProcessApp.Mode.allCases)
    func healthz_AnswersOK(mode: InProcessApp.Mode) async throws {
        let app = try InProcessApp()
        defer { app.close() }
        try await app.test(mode) { client in
            let response = try await client.get("/healthz")
            #expect(response.status == 200)
            #expect(response.json["status"] as? String == "ok")
        }
    }

    @Test(arguments: InProcessApp.Mode.allCases)
    func readyz_Answers200WhileTheDatabaseAnswers(mode: InProcessApp.Mode) async throws {
        let app = try InProcessApp()
        defer { app.close() }
        try await app.test(mode) { client in
            let response = try await client.get("/readyz")
            #expect(response.status == 200)
            #expect(response.json["status"] as? String == "ready")
        }
    }

    @Test func readyz_Answers503OnceTheDatabaseIsClosed() async throws {
        let app = try InProcessApp()
        defer { app.close() }
        app.sqlite.close()
        try await app.test(.inProcess) { client in
            let response = try await client.get("/readyz")
            #expect(response.status == 503)
            #expect(response.errorCode == "unavailable")
        }
    }

    @Test(arguments: InProcessApp.Mode.allCases)
    func unknownAPIPath_Is404InTheContractShape(mode: InProcessApp.Mode) async throws {
        let app = try InProcessApp()
        defer { app.close() }
        try await app.test(mode) { client in
            let response = try await client.get("/v1/nothing-here")
            #expect(response.status == 404)
            #expect(response.errorCode == "not_found")
            #expect(response.mediaType == "application/json")
            let wrongMethod = try await client.execute(.delete, "/healthz")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("Allow") == "GET, HEAD")
        }
    }

    @Test(arguments: InProcessApp.Mode.allCases)
    func staticFiles_AreStillServed(mode: InProcessApp.Mode) async throws {
        let app = try InProcessApp()
        defer { app.close() }
        try await app.test(mode) { client in
            let response = try await client.get("/")
            #expect(response.status == 200)
            #expect(response.text.contains("<title>test</title>"))
        }
    }
}
