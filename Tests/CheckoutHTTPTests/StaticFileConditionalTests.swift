@testable import CheckoutHTTP
import Foundation
import Testing

@Suite struct StaticFileConditionalTests {
    let fixture: StaticFileFixture
    let files: StaticFileResponder
    let etag: String

    init() throws {
        fixture = try StaticFileFixture()
        files = try fixture.responder()
        etag = try files.serve(get("/index.html")).headers["ETag"]!
    }

    func status(_ headers: HTTPFields, method: HTTPMethod = .get) throws -> Int {
        try files.serve(get("/index.html", method: method, headers: headers)).status.code
    }

    @Test func matchingIfNoneMatch_Is304WithValidatorsAndNoBody() throws {
        let response = try files.serve(get("/", headers: ["If-None-Match": etag]))
        #expect(response.status == .notModified)
        #expect(response.headers["ETag"] == etag)
        #expect(response.headers["Cache-Control"] == "no-cache")
        #expect(response.headers["Last-Modified"] == "Tue, 14 Nov 2023 22:13:20 GMT")
        #expect(response.body.knownLength == 0)
    }

    @Test func ifNoneMatchForms_ListWildcardAndWeak() throws {
        #expect(try status(["If-None-Match": "\"other\", \(etag)"]) == 304)
        #expect(try status(["If-None-Match": "*"]) == 304)
        #expect(try status(["If-None-Match": "W/\(etag)"]) == 304)
        #expect(try status(HTTPFields([("If-None-Match", "\"x\""), ("If-None-Match", etag)])) == 304)
        #expect(try status(["If-None-Match": etag], method: .head) == 304)
    }

    @Test func mismatchedIfNoneMatch_Is200() throws {
        #expect(try status(["If-None-Match": "\"other\""]) == 200)
        #expect(try status(["If-None-Match": etag.replacingOccurrences(of: "\"", with: "")]) == 200)
    }

    @Test func ifModifiedSince_AtOrAfterLastModified_Is304() throws {
        #expect(try status(["If-Modified-Since": "Tue, 14 Nov 2023 22:13:20 GMT"]) == 304)
        #expect(try status(["If-Modified-Since": "Wed, 15 Nov 2023 00:00:00 GMT"]) == 304)
    }

    @Test func ifModifiedSince_BeforeLastModifiedOrMalformed_Is200() throws {
        #expect(try status(["If-Modified-Since": "Tue, 14 Nov 2023 22:13:19 GMT"]) == 200)
        #expect(try status(["If-Modified-Since": "yesterday"]) == 200)
    }

    @Test func ifNoneMatch_TakesPrecedenceOverIfModifiedSince() throws {
        let headers: HTTPFields = ["If-None-Match": "\"other\"", "If-Modified-Since": "Wed, 15 Nov 2023 00:00:00 GMT"]
        #expect(try status(headers) == 200)
    }

    @Test func rewrittenFile_NoLongerMatchesOldETag() throws {
        try fixture.write("public/index.html", "<!doctype html><title>new</title>")
        #expect(try status(["If-None-Match": etag]) == 200)
    }
}
