import CheckoutAPI
import CheckoutCore
import CheckoutTesting
import Foundation
import Testing

/// `RequestBodyTypes` (what the `json-body` fuzz target decodes) lists exactly the routes whose
/// OpenAPI operation has a request body, and each entry decodes as its route does.
@Suite struct RequestBodyTypesTests {
    @Test func entries_AreTheRoutesWithARequestBody() async throws {
        let app = try await InProcessApp.make()
        defer { app.close() }
        let served = try await app.test(.inProcess) { try await $0.get("/openapi.json") }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(served.body)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var withBody = Set<String>()
        for (path, operations) in paths {
            for (method, operation) in operations where (operation as? [String: Any])?["requestBody"] != nil {
                withBody.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(Set(RequestBodyTypes.all.map(\.route)) == withBody)
        #expect(RequestBodyTypes.all.count == withBody.count, "one entry per route")
    }

    @Test(arguments: RequestBodyTypes.all.indices)
    func everyEntry_RefusesWhatIsNotJSONAsInvalidRequest(index: Int) {
        let entry = RequestBodyTypes.all[index]
        for body in ["", "{", #"{"a":1"#, "nul", "{'a':1}", "{} x"] {
            #expect(throws: CheckoutError.self, "\(entry.route) \(body.debugDescription)") { try entry.decode(Array(body.utf8)) }
            do {
                _ = try entry.decode(Array(body.utf8))
            } catch {
                #expect(error.code == .invalidRequest, "\(entry.route) \(body.debugDescription): \(error)")
            }
        }
    }

    /// Found by the `json-body` fuzz target: a raw control character or bytes that are not UTF-8
    /// in the string of a field the type does not read were taken (JSONDecoder skips it unchecked).
    @Test(arguments: RequestBodyTypes.all.indices)
    func rawControlCharacterOrNotUTF8InAnUnreadField_IsRefused(index: Int) {
        let entry = RequestBodyTypes.all[index]
        let notUTF8 = Array(#"{"unread":"\#u{94C1}"#.utf8).dropLast(1) + [0x32, 0x22, 0x7D]
        for bytes in [Array(notUTF8), [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]] {
            #expect(throws: CheckoutError.invalidRequest("The request body is not valid JSON."), "\(entry.route)") {
                try entry.decode(bytes)
            }
        }
        for body in ["{\"unread\":\"a\u{0}b\"}", "{\"unread\":\"line\nbreak\"}", "{\"unread\":[\"\\\\\",\"\u{1F}\"]}"] {
            do {
                _ = try entry.decode(Array(body.utf8))
                Issue.record("\(entry.route) took \(body.debugDescription)")
            } catch {
                #expect(error.code == .invalidRequest && error.message.contains("not valid JSON"), "\(entry.route): \(error)")
            }
        }
    }

    /// Also found by the fuzz target, and allowed: RFC 8259 §8.2 lets a string hold an unpaired
    /// surrogate escape; in a field the type does not read it is ignored like the field.
    @Test func unpairedSurrogateEscapeInAnUnreadField_IsIgnored() throws {
        let entry = try #require(RequestBodyTypes.all.first { $0.route == "POST /v1/orders/{id}/payments" })
        #expect(throws: Never.self) { try entry.decode(Array(#"{"unread":"\ud800"}"#.utf8)) }
    }
}

extension RequestBodyTypesTests {
    /// Found by the `json-body` fuzz target: a number outside RFC 8259's grammar in a field the
    /// type does not read was taken.
    @Test(arguments: ["50.", "01", "-", "1e", ".5", "1.e3", "--1"])
    func malformedNumberInAnUnreadField_IsRefused(number: String) throws {
        let entry = try #require(RequestBodyTypes.all.first { $0.route == "PATCH /v1/products/{id}" })
        #expect(throws: CheckoutError.invalidRequest("The request body is not valid JSON.")) {
            try entry.decode(Array(#"{"unread":\#(number),"active":true}"#.utf8))
        }
    }
}

extension RequestBodyTypesTests {
    /// Found by the `json-body` fuzz target: an escape RFC 8259 §7 does not define, in a field
    /// the type does not read, was taken.
    @Test(arguments: [#"\J"#, #"\u12"#, #"\uZZZZ"#, #"\x41"#, #"\'"#])
    func unknownEscapeInAnUnreadField_IsRefused(escape: String) throws {
        let entry = try #require(RequestBodyTypes.all.first { $0.route == "PATCH /v1/products/{id}" })
        #expect(throws: CheckoutError.invalidRequest("The request body is not valid JSON.")) {
            try entry.decode(Array(#"{"unread":"a\#(escape)b","active":true}"#.utf8))
        }
        #expect(throws: Never.self) { try entry.decode(Array(#"{"unread":"\"\\\/\b\f\n\r\t\u00e9","active":true}"#.utf8)) }
    }
}

extension RequestBodyTypesTests {
    /// Found by the `json-body` fuzz target: a number past a double's range (RFC 8259 §9 lets a
    /// reader limit it) in a field the type does not read was taken, in one it reads refused.
    @Test(arguments: ["3e800", "1e309", "-1e309", "1" + String(repeating: "0", count: 400)])
    func numberPastADoublesRange_IsRefusedWhereverItStands(number: String) throws {
        let entry = try #require(RequestBodyTypes.all.first { $0.route == "PATCH /v1/products/{id}" })
        for body in [#"{"unread":\#(number),"active":true}"#, #"{"price":\#(number)}"#] {
            #expect(throws: CheckoutError.invalidRequest("The request body holds a number too large to read."), "\(body)") {
                try entry.decode(Array(body.utf8))
            }
        }
        #expect(throws: Never.self) { try entry.decode(Array(#"{"unread":1e-800,"active":true}"#.utf8)) }
    }
}
