import CheckoutAPI
import CheckoutCore
import CheckoutHTTP
import CheckoutTesting
import Testing

/// Request bodies: content type, empty or broken JSON, types, missing fields, integers only.
@Suite struct JSONBodyTests {
    struct Line: Codable, Sendable { var productID: String; var quantity: Int
        enum CodingKeys: String, CodingKey { case productID = "product_id", quantity }
    }
    struct Body: Codable, Sendable {
        var title: String
        var price: Int64
        var stock: Int64?
        var items: [Line]?
        var active: Bool?
    }

    static let client: InProcessClient = {
        let router = Router()
        router.addMiddleware(ErrorMiddleware(logger: LogCapture().logger))
        router.post("/echo") { request in try Response.encode(try request.decode(Body.self), status: .created) }
        return InProcessClient(responder: router.buildResponder())
    }()

    func post(_ json: String, contentType: String = "application/json") async throws -> TestResponse {
        try await Self.client.post("/echo", json: json, headers: ["Content-Type": contentType])
    }

    @Test func validBody_IsDecodedAndUnknownFieldsAreIgnored() async throws {
        let response = try await post(#"{"title":"Tea","price":1200,"extra":{"deep":[1.5,1e99]},"weight":2.5}"#)
        #expect(response.status == 201)
        #expect(response.json["price"] as? Int == 1200)
        #expect(response.json["title"] as? String == "Tea")
    }

    @Test(arguments: ["application/json; charset=utf-8", "Application/JSON", "application/json;charset=\"UTF-8\""])
    func jsonContentTypeWithUTF8_IsAccepted(contentType: String) async throws {
        #expect(try await post(#"{"title":"T","price":1}"#, contentType: contentType).status == 201)
    }

    @Test(arguments: ["", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"])
    func otherContentType_Is415(contentType: String) async throws {
        let response = try await post(#"{"title":"T","price":1}"#, contentType: contentType)
        #expect(response.status == 415)
        #expect(response.errorCode == "unsupported_media_type")
    }

    @Test(arguments: ["", "   \n"])
    func emptyBody_Is400(json: String) async throws {
        let response = try await post(json)
        #expect(response.status == 400)
        #expect(response.errorCode == "invalid_request")
    }

    @Test(arguments: ["{", "title=Tea", "{\"title\":\"T\" \"price\":1}", "nul", "{\"price\": 1, \"title\": -}"])
    func nonJSON_Is400WithoutParam(json: String) async throws {
        let response = try await post(json)
        #expect(response.status == 400)
        #expect(response.errorParam == nil)
    }

    @Test func missingField_Is400NamingIt() async throws {
        let response = try await post(#"{"title":"Tea"}"#)
        #expect(response.status == 400)
        #expect(response.errorParam == "price")
    }

    @Test(arguments: [
        (#"{"title":"T","price":"1200"}"#, "price"),
        (#"{"title":5,"price":1}"#, "title"),
        (#"{"title":"T","price":null}"#, "price"),
        (#"{"title":"T","price":1,"items":[{"product_id":"p","quantity":"2"}]}"#, "items[0].quantity"),
        (#"{"title":"T","price":1,"items":[{"product_id":"p","quantity":1},{"quantity":1}]}"#, "items[1].product_id"),
        (#"{"title":"T","price":1,"items":{"a":1}}"#, "items"),
        (#"{"title":"T","price":1,"active":"yes"}"#, "active"),
    ])
    func wrongTypeOrMissingNestedField_Is400WithParam(json: String, param: String) async throws {
        let response = try await post(json)
        #expect(response.status == 400)
        #expect(response.errorCode == "invalid_request")
        #expect(response.errorParam == param)
    }

    @Test(arguments: [
        (#"{"title":"T","price":12.5}"#, "price"),
        (#"{"title":"T","price":1.0}"#, "price"),
        (#"{"title":"T","price":1e3}"#, "price"),
        (#"{"title":"T","price":-2E+2}"#, "price"),
        (#"{"title":"T","price":99999999999999999999}"#, "price"),
        (#"{"title":"T","price":1,"stock":0.5}"#, "stock"),
        (#"{"title":"T","price":1,"items":[{"product_id":"p","quantity":2.0}]}"#, "items[0].quantity"),
        (#"{"title":1.5,"price":1}"#, "title"),
        (#"{"title":"T","price":1,"items":1.5}"#, "items"),
    ])
    func fractionOrHugeNumber_Is400WithParam(json: String, param: String) async throws {
        let response = try await post(json)
        #expect(response.status == 400)
        #expect(response.errorParam == param)
    }

    @Test func integerExtremes_AreAccepted() async throws {
        let response = try await post(#"{"title":"T","price":9223372036854775807,"stock":-9223372036854775808}"#)
        #expect(response.status == 201)
    }

    @Test func numbersInsideStrings_AreLeftAlone() async throws {
        let response = try await post(#"{"title":"1.5 \"x\" 2e3","price":3}"#)
        #expect(response.status == 201)
        #expect(response.json["title"] as? String == #"1.5 "x" 2e3"#)
    }

    @Test func topLevelArray_Is400() async throws {
        let response = try await post("[1,2]")
        #expect(response.status == 400)
        #expect(response.errorMessage?.contains("object") == true)
    }
}
