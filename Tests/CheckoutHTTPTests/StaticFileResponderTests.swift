@testable import CheckoutHTTP
import Foundation
import Synchronization
import Testing

@Suite struct StaticFileResponderTests {
    let fixture: StaticFileFixture
    let files: StaticFileResponder

    init() throws {
        fixture = try StaticFileFixture()
        files = try fixture.responder()
    }

    @Test(arguments: [
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/logo.svg", "image/svg+xml"),
        ("/img.png", "image/png"),
        ("/UPPER.PNG", "image/png"),
        ("/photo.jpg", "image/jpeg"),
        ("/icon.ico", "image/x-icon"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/font.woff2", "font/woff2"),
        ("/pic.webp", "image/webp"),
        ("/app.js.map", "application/json"),
        ("/unknown.xyz", "application/octet-stream"),
        ("/README", "application/octet-stream"),
        ("/sub/page.html", "text/html; charset=utf-8"),
    ])
    func file_IsServedWithContentTypeByExtension(target: String, contentType: String) throws {
        let response = try files.serve(get(target))
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == contentType)
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        let name = String(target.split(separator: "/").last!)
        if !target.hasSuffix(".html") { #expect(response.text == "content of \(name)") }
    }

    @Test func root_ServesIndexWithValidatorsAndHTMLCacheControl() throws {
        let response = try files.serve(get("/"))
        #expect(response.status == .ok)
        #expect(response.text == StaticFileFixture.indexHTML)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Last-Modified"] == "Tue, 14 Nov 2023 22:13:20 GMT")
        #expect(response.headers["Cache-Control"] == "no-cache")
        let size = String(StaticFileFixture.indexHTML.utf8.count, radix: 16)
        let mtime = String(1_700_000_000 * 1_000_000_000, radix: 16)
        #expect(response.headers["ETag"] == "\"\(size)-\(mtime)\"")
    }

    @Test func nonHTML_GetsConfiguredCacheControl() throws {
        #expect(try files.serve(get("/style.css")).headers["Cache-Control"] == "public, max-age=300")
        let custom = try fixture.responder(.init(cacheControl: "public, max-age=60", htmlCacheControl: "private",
                                                 contentTypes: ["xyz": "text/x-custom"]))
        #expect(try custom.serve(get("/style.css")).headers["Cache-Control"] == "public, max-age=60")
        #expect(try custom.serve(get("/")).headers["Cache-Control"] == "private")
        #expect(try custom.serve(get("/unknown.xyz")).headers["Content-Type"] == "text/x-custom")
    }

    @Test(arguments: ["/sub", "/sub/"])
    func directory_ServesItsIndex(target: String) throws {
        #expect(try files.serve(get(target)).text == "sub index")
    }

    @Test(arguments: ["/empty", "/empty/", "/index.html/", "/missing.css", "/sub/missing/"])
    func missingFileOrIndex_Is404(target: String) {
        #expect(throws: RouterError.notFound) { try files.serve(get(target)) }
    }

    @Test func symlinkInsideRootToFileInside_IsServed() throws {
        let response = try files.serve(get("/alias.html"))
        #expect(response.text == StaticFileFixture.indexHTML)
    }

    @Test(arguments: [HTTPMethod.post, .put, .delete, .options])
    func otherMethods_Are405WithGetAndHead(method: HTTPMethod) {
        #expect(throws: RouterError.methodNotAllowed(allowed: [.get, .head])) {
            try files.serve(get("/style.css", method: method))
        }
        #expect(RouterError.methodNotAllowed(allowed: [.get, .head]).allowHeader == "GET, HEAD")
    }

    @Test func head_HasSameHeadersAndAFileRegionThatIsNeverRead() throws {
        let getResponse = try files.serve(get("/style.css"))
        let headResponse = try files.serve(get("/style.css", method: .head))
        #expect(headResponse.status == .ok)
        for name in ["Content-Type", "ETag", "Last-Modified", "Cache-Control"] {
            #expect(headResponse.headers[name] == getResponse.headers[name])
        }
        #expect(headResponse.body.knownLength == "content of style.css".utf8.count)
        guard case .file(let region) = headResponse.body else { Issue.record("expected .file"); return }
        #expect(region.path == files.root + "/style.css")
    }

    @Test func largeFile_IsAFileRegionAndSmallFileIsBytes() throws {
        let big = try files.serve(get("/big.bin"))
        #expect(big.body.knownLength == 1 << 20)
        guard case .file(let region) = big.body else { Issue.record("expected .file for 1 MiB"); return }
        #expect(region == FileRegion(path: files.root + "/big.bin", offset: 0, length: 1 << 20))
        guard case .bytes(let bytes) = try files.serve(get("/notes.txt")).body else {
            Issue.record("expected .bytes for a small file"); return
        }
        #expect(bytes == Array("content of notes.txt".utf8))
    }

    @Test func cachedFile_IsReplacedWhenTheFileChanges() throws {
        #expect(try files.serve(get("/notes.txt")).text == "content of notes.txt")
        let before = try files.serve(get("/notes.txt")).headers["ETag"]
        try fixture.write("public/notes.txt", "rewritten, longer content")
        let after = try files.serve(get("/notes.txt"))
        #expect(after.text == "rewritten, longer content")
        #expect(after.headers["ETag"] != before)
    }

    @Test func rootGivenThroughASymlink_IsResolved() throws {
        let link = fixture.path("public-link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: fixture.publicPath)
        let viaLink = try StaticFileResponder(root: link)
        #expect(viaLink.root == files.root)
        #expect(!viaLink.root.hasSuffix("public-link"))
        #expect(try viaLink.serve(get("/")).text == StaticFileFixture.indexHTML)
    }

    @Test func missingOrNonDirectoryRoot_IsRefusedAtInit() throws {
        #expect(throws: StaticFileError.rootNotFound(fixture.path("nope"))) {
            try StaticFileResponder(root: fixture.path("nope"))
        }
        #expect(throws: StaticFileError.rootNotADirectory(fixture.path("public/notes.txt"))) {
            try StaticFileResponder(root: fixture.path("public/notes.txt"))
        }
    }

    @Test func serveFile_MapsAnyRouteToAPage() throws {
        let request = get("/p/prod_123?share=abc")
        #expect(try files.serveFile(relativePath: "p/index.html", request: request).text == "product page")
        #expect(try files.serveFile(relativePath: "p", request: request).text == "product page")
        #expect(try files.serveFile(relativePath: "", request: request).text == StaticFileFixture.indexHTML)
        #expect(throws: RouterError.methodNotAllowed(allowed: [.get, .head])) {
            try files.serveFile(relativePath: "p/index.html", request: get("/p/1", method: .post))
        }
    }

    @Test func fileMiddleware_ServesFilesOnlyWhereNoRouteMatches() async throws {
        let router = Router()
        router.addMiddleware(FileMiddleware(files: files))
        router.get("/style.css") { _ in .text("route wins") }
        router.post("/submit") { _ in .text("posted") }
        let responder = router.buildResponder()
        #expect(try await send(responder, .get, "/style.css").text == "route wins")
        #expect(try await send(responder, .get, "/app.js").text == "content of app.js")
        #expect(try await send(responder, .head, "/app.js").body.knownLength == "content of app.js".utf8.count)
        await #expect(throws: RouterError.notFound) { try await send(responder, .get, "/missing.js") }
        await #expect(throws: RouterError.notFound) { try await send(responder, .post, "/app.js") }
        await #expect(throws: RouterError.notFound) { try await send(responder, .get, "/leak.txt") }
        await #expect(throws: RouterError.methodNotAllowed(allowed: [.post])) { try await send(responder, .get, "/submit") }
    }

    @Test func catchAllRoute_ServesAssetsThroughServeFile() async throws {
        let router = Router()
        let files = self.files
        router.get("/assets/{path...}") { request in
            try files.serveFile(relativePath: "a/" + request.parameters["path"]!, request: request)
        }
        let responder = router.buildResponder()
        #expect(try await send(responder, .get, "/assets/b.txt").text == "b")
        await #expect(throws: RouterError.notFound) { try await send(responder, .get, "/assets/../leak.txt") }
        await #expect(throws: RouterError.notFound) { try await send(responder, .get, "/assets/.hidden") }
        await #expect(throws: RouterError.notFound) { try await send(responder, .get, "/assets/%2e%2e/leak.txt") }
    }

    @Test func fileCache_StaysWithinItsBoundEvictingLeastRecentlyUsed() {
        let cache = FileCache(capacity: 100)
        func info(_ n: Int) -> FileInfo {
            var st = stat()
            st.st_size = 40
            st.st_ino = ino_t(n)
            return FileInfo(st)
        }
        let bytes = [UInt8](repeating: 1, count: 40)
        cache.insert(bytes, for: "/a", info: info(1))
        cache.insert(bytes, for: "/b", info: info(2))
        #expect(cache.bytes(for: "/a", info: info(1)) != nil)  // /a is now the most recent
        cache.insert(bytes, for: "/c", info: info(3))
        #expect(cache.totalBytes == 80)
        #expect(cache.bytes(for: "/b", info: info(2)) == nil)
        #expect(cache.bytes(for: "/a", info: info(1)) != nil)
        #expect(cache.bytes(for: "/a", info: info(9)) == nil)  // another inode: stale
        cache.insert([UInt8](repeating: 1, count: 101), for: "/huge", info: info(4))
        #expect(cache.totalBytes == 80)
    }
    @Test func repositoryLandingPage_IsServedAndSelfContained() throws {
        let publicDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Public").standardized.path
        let site = try StaticFileResponder(root: publicDir)
        let page = try site.serve(get("/"))
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
        let html = try #require(page.text)
        #expect(html.hasPrefix("<!doctype html>"))
        for link in ["href=\"/healthz\"", "href=\"/openapi.json\"", "href=\"/dashboard\""] {
            #expect(html.contains(link), "\(link)")
        }
        for external in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "url("] {
            #expect(!html.contains(external), "external resource: \(external)")
        }
        // The stylesheet is fingerprinted (.ci/build-public.sh), hence cached for long.
        let start = try #require(html.range(of: "href=\"/assets/site."))
        let href = html[html.index(start.lowerBound, offsetBy: 6)...].prefix { $0 != "\"" }
        let css = try site.serve(get(String(href)))
        #expect(css.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(css.headers["Cache-Control"] == "public, max-age=31536000, immutable")
    }
}

/// The short-lived resolution cache: hits skip the disk, changes show after the validity.
@Suite struct StaticFileResolutionCacheTests {
    @Test func resolution_IsReusedWithinItsValidityAndRecheckedAfter() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("resolve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("a.txt")
        try Data("one".utf8).write(to: file)
        let clock = Atomic<Int64>(1_000)
        var configuration = StaticFileResponder.Configuration()
        configuration.resolutionValidityMilliseconds = 2_000
        configuration.now = { clock.load(ordering: .relaxed) }
        let files = try StaticFileResponder(root: root.path, configuration: configuration)
        let request = Request(method: .get, target: "/a.txt")
        #expect(try files.serve(request).status == .ok)
        try FileManager.default.removeItem(at: file)
        // Within the validity the old resolution stands and the bytes come from memory: no disk.
        #expect(try files.serve(request).status == .ok)
        clock.store(2_999, ordering: .relaxed)
        #expect(try files.serve(request).status == .ok)
        clock.store(3_000, ordering: .relaxed)
        #expect(throws: RouterError.self) { try files.serve(request) }
    }
}
