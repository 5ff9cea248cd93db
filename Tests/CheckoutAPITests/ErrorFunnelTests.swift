import CheckoutAPI
import CheckoutCore
import CheckoutHTTP
import CheckoutTesting
import Foundation
import Logging
import Testing

/// The one error funnel: every error becomes `{"error":{code,message,param?}}` with its status.
@Suite struct ErrorFunnelTests {
    struct Unexpected: Error { let secret = "db password is hunter2" }

    static func client(_ logs: LogCapture = LogCapture(), _ failure: @escaping @Sendable () throws -> Void) -> InProcessClient {
        let router = Router()
        router.addMiddleware(ErrorMiddleware(logger: logs.logger))
        router.get("/fail") { _ in
            try failure()
            return .text("unreachable")
        }
        router.post("/fail") { _ in .text("posted") }
        return InProcessClient(responder: router.buildResponder())
    }

    @Test(arguments: ErrorCode.allCases)
    func checkoutError_RendersItsCodeWithTheStatusOfTheOneSwitch(code: ErrorCode) async throws {
        let response = try await Self.client { throw CheckoutError(code, "Text \"quoted\".", param: "items[0].quantity") }
            .get("/fail")
        #expect(response.status == code.status.code)
        #expect(response.mediaType == "application/json")
        #expect(response.errorCode == code.rawValue)
        #expect(response.errorParam == "items[0].quantity")
        #expect(response.errorMessage == "Text \"quoted\".")
    }

    @Test func statusSwitch_MatchesTheContractTable() {
        let expected: [ErrorCode: Int] = [
            .invalidRequest: 400, .unauthenticated: 401, .forbidden: 403, .notFound: 404, .methodNotAllowed: 405,
            .conflict: 409, .invalidState: 409, .idempotencyKeyReused: 409, .outOfStock: 409, .payloadTooLarge: 413,
            .unsupportedMediaType: 415, .rateLimited: 429, .internal: 500, .badGateway: 502, .unavailable: 503,
        ]
        for code in ErrorCode.allCases { #expect(code.status.code == expected[code], "\(code)") }
    }

    @Test func errorWithoutParam_OmitsTheParamKey() async throws {
        let response = try await Self.client { throw CheckoutError.invalidState("Nope.") }.get("/fail")
        #expect(response.status == 409)
        #expect((response.json["error"] as? [String: Any])?.keys.contains("param") == false)
    }

    @Test(arguments: ["Plain.", "Tea \"Dragon\" \\ well", "tabs\tand\nlines\r\u{08}\u{0C}\u{01}\u{1F}",
                      "茶 \u{2028}\u{2029} ☕ \u{E2}", "", String(repeating: "long 龙井 ", count: 200)])
    func errorBody_IsValidJSONCarryingTheExactMessageAndParam(message: String) throws {
        let body = ErrorRenderer.body(CheckoutError(.outOfStock, message, param: "items[0].\(message)"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["code"] as? String == "out_of_stock")
        #expect(error["message"] as? String == message)
        #expect(error["param"] as? String == "items[0].\(message)")
        #expect(Set(error.keys) == ["code", "message", "param"])
        #expect(!body.contains(where: { $0 < 0x20 }), "control characters are escaped")
        #expect(!String(decoding: body, as: UTF8.self).contains(where: { $0 == "\u{2028}" || $0 == "\u{2029}" }))
    }

    @Test func unknownRoute_Is404NotFoundInJSON() async throws {
        let response = try await Self.client { }.get("/nowhere")
        #expect(response.status == 404)
        #expect(response.errorCode == "not_found")
        #expect(response.mediaType == "application/json")
    }

    @Test func wrongMethod_Is405KeepingAllow() async throws {
        let response = try await Self.client { }.delete("/fail")
        #expect(response.status == 405)
        #expect(response.errorCode == "method_not_allowed")
        #expect(response.header("Allow") == "GET, HEAD, POST")
    }

    @Test func malformedPath_Is400InvalidRequest() async throws {
        let response = try await Self.client { }.get("/fail%zz")
        #expect(response.status == 400)
        #expect(response.errorCode == "invalid_request")
    }

    @Test func decodingError_Is400WithParamFromTheCodingPath() async throws {
        struct Line: Decodable { var quantity: Int }
        struct Body: Decodable { var items: [Line] }
        let response = try await Self.client {
            _ = try JSONDecoder().decode(Body.self, from: Data(#"{"items":[{"quantity":"x"}]}"#.utf8))
        }.get("/fail")
        #expect(response.status == 400)
        #expect(response.errorParam == "items[0].quantity")
    }

    @Test func uniqueViolation_Is409Conflict() async throws {
        let response = try await Self.client {
            throw StorageError(.conflict, "UNIQUE constraint failed: shops.id")
        }.get("/fail")
        #expect(response.status == 409)
        #expect(response.errorCode == "conflict")
        #expect(!response.text.contains("shops.id"))
    }

    @Test func storageUnavailable_Is503WithRetryAfter() async throws {
        let response = try await Self.client { throw StorageError(.unavailable, "disk I/O error") }.get("/fail")
        #expect(response.status == 503)
        #expect(response.errorCode == "unavailable")
        #expect(response.header("Retry-After") == "1")
        #expect(!response.text.contains("disk"))
    }

    @Test func writeQueueFull_Is503UnavailableWithRetryAfter_AndNotLoggedAsAFailure() async throws {
        let logs = LogCapture()
        let response = try await Self.client(logs) { throw StorageError(.overloaded, "write queue full") }.get("/fail")
        #expect(response.status == 503)
        #expect(response.errorCode == "unavailable")
        #expect(response.header("Retry-After") == "1")
        #expect(!response.text.contains("queue"))
        #expect(logs.all.allSatisfy { $0.level < .error })
    }

    @Test(arguments: [StorageError.Kind.corrupt, .failed])
    func storageCorruptOrFailed_Is500WithoutDetails(kind: StorageError.Kind) async throws {
        let response = try await Self.client { throw StorageError(kind, "corrupt row: order ord_1") }.get("/fail")
        #expect(response.status == 500)
        #expect(response.errorCode == "internal")
        #expect(!response.text.contains("ord_1"))
    }

    @Test func unexpectedError_Is500WithAFixedMessageAndDetailsOnlyInTheLog() async throws {
        let logs = LogCapture()
        let response = try await Self.client(logs) { throw Unexpected() }.get("/fail")
        #expect(response.status == 500)
        #expect(response.errorCode == "internal")
        #expect(response.errorMessage == ErrorRenderer.internalMessage)
        #expect(!response.text.contains("hunter2"))
        let requestID = try #require(response.header("X-Request-Id"))
        let logged = logs.all.filter { $0.level == .error }
        #expect(logged.count == 1)
        #expect(logged.first?.metadata["request_id"] == requestID)
        #expect(logged.first?.line.contains("hunter2") == true)
    }
}
