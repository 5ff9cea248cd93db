@testable import CheckoutHTTP
import Foundation
import Testing

/// Precompressed variants (`name.gz`), `Vary`, fingerprinted names and error pages.
@Suite struct StaticFileGzipTests {
    let fixture: StaticFileFixture
    let files: StaticFileResponder
    /// What `style.css.gz` holds: marker bytes plus a gzip trailer whose ISIZE names `style.css`'s size.
    let gzipBytes: [UInt8]

    init() throws {
        fixture = try StaticFileFixture()
        let size = UInt32("content of style.css".utf8.count)
        gzipBytes = [0x1F, 0x8B, 8, 0] + Array(repeating: 0x47, count: 14) + [0, 0, 0, 0]
            + (0..<4).map { UInt8(truncatingIfNeeded: size >> ($0 * 8)) }
        try Data(gzipBytes).write(to: URL(fileURLWithPath: fixture.path("public/style.css.gz")))
        files = try fixture.responder()
    }

    func bytes(_ response: Response) -> [UInt8]? {
        guard case .bytes(let bytes) = response.body else { return nil }
        return bytes
    }

    @Test func acceptingGzip_GetsThePrecompressedVariantWithItsOwnETag() throws {
        let plain = try files.serve(get("/style.css"))
        let zipped = try files.serve(get("/style.css", headers: ["Accept-Encoding": "deflate, gzip;q=0.5"]))
        #expect(bytes(zipped) == gzipBytes)
        #expect(zipped.headers["Content-Encoding"] == "gzip")
        #expect(zipped.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(zipped.headers["Vary"] == "Accept-Encoding")
        #expect(plain.headers["Vary"] == "Accept-Encoding")
        #expect(plain.headers["Content-Encoding"] == nil)
        #expect(plain.text == "content of style.css")
        let tag = try #require(zipped.headers["ETag"])
        #expect(tag != plain.headers["ETag"])
        let revalidated = try files.serve(get("/style.css", headers: ["Accept-Encoding": "gzip", "If-None-Match": tag]))
        #expect(revalidated.status == .notModified)
        #expect(revalidated.headers["Content-Encoding"] == "gzip")
        let head = try files.serve(get("/style.css", method: .head, headers: ["Accept-Encoding": "gzip"]))
        #expect(head.body.knownLength == gzipBytes.count)
    }

    @Test(arguments: ["", "identity", "gzip;q=0", "gzip; q=0.000", "*;q=0", "br", "*, gzip;q=0"])
    func notAcceptingGzip_GetsThePlainFile(acceptEncoding: String) throws {
        let response = try files.serve(get("/style.css", headers: acceptEncoding.isEmpty ? [:] : ["Accept-Encoding": acceptEncoding]))
        #expect(response.text == "content of style.css")
        #expect(response.headers["Content-Encoding"] == nil)
    }

    @Test(arguments: ["*", "GZIP", "x-gzip", "br, gzip", "gzip;q=0.1", "identity;q=1, *;q=0.5"])
    func acceptEncodingForms_ThatAllowGzip(acceptEncoding: String) {
        #expect(AcceptEncoding.allowsGzip([acceptEncoding]))
    }

    @Test func staleVariant_WhoseSizeNoLongerMatches_IsIgnored() throws {
        try fixture.write("public/style.css", "edited after the .gz was made")
        let response = try fixture.responder().serve(get("/style.css", headers: ["Accept-Encoding": "gzip"]))
        #expect(response.text == "edited after the .gz was made")
        #expect(response.headers["Content-Encoding"] == nil)
    }

    @Test func binaryTypes_HaveNoVariantAndNoVary() throws {
        try Data(gzipBytes).write(to: URL(fileURLWithPath: fixture.path("public/img.png.gz")))
        let response = try files.serve(get("/img.png", headers: ["Accept-Encoding": "gzip"]))
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.headers["Vary"] == nil)
    }

    @Test func fingerprintedNames_AreCachedForAYear_OthersAsConfigured() throws {
        try fixture.write("public/app.0123456789.js", "fingerprinted")
        let fingerprinted = try files.serve(get("/app.0123456789.js"))
        #expect(fingerprinted.headers["Cache-Control"] == "public, max-age=31536000, immutable")
        #expect(try files.serve(get("/app.js")).headers["Cache-Control"] == "public, max-age=300")
        for name in ["a.b.c.js", "app.0123456.js", "app.ABCDEF0123.js", "0123456789.js", "x/app.0123456789"] {
            #expect(!StaticFileResponder.isFingerprinted(name), "\(name)")
        }
        #expect(StaticFileResponder.isFingerprinted("/assets/p.b63b14b37e.js"))
    }

    @Test func errorPage_HasTheStatusNoValidatorsAndIgnoresConditionals() throws {
        let response = try files.serveErrorPage(relativePath: "sub/page.html", status: .notFound,
                                                request: get("/p/x", headers: ["If-None-Match": "*"]))
        #expect(response.status == .notFound)
        #expect(response.text == "sub page")
        #expect(response.headers["ETag"] == nil)
        #expect(response.headers["Last-Modified"] == nil)
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(throws: RouterError.notFound) {
            try files.serveErrorPage(relativePath: "missing.html", status: .notFound, request: get("/p/x"))
        }
    }
}
