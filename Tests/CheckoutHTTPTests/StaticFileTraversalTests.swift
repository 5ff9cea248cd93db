@testable import CheckoutHTTP
import Foundation
import Testing

/// Every attempt to reach a file outside `public/` (or a hidden one inside) must fail with
/// 400 or 404 and never produce the secret's bytes or a path outside the root.
@Suite struct StaticFileTraversalTests {
    let fixture: StaticFileFixture
    let files: StaticFileResponder

    init() throws {
        fixture = try StaticFileFixture()
        files = try fixture.responder()
    }

    func expectRefused(_ target: String, with expected: RouterError, method: HTTPMethod = .get) {
        do {
            let response = try files.serve(get(target, method: method))
            Issue.record("\(target) was served: \(response.status), \(String(describing: response.text))")
            if case .file(let region) = response.body { #expect(region.path.hasPrefix(files.root + "/")) }
            #expect(response.text?.contains("SECRET") != true)
        } catch {
            #expect(error == expected, "\(target)")
        }
    }

    @Test(arguments: [
        "/../etc/passwd",
        "/../outside/secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/outside/secret.txt",
        "/%2E%2E/outside/secret.txt",
        "/.%2e/outside/secret.txt",
        "/a/%2e%2e/%2e%2e/x",
        "/a/../../outside/secret.txt",
        "/a/./b.txt",
        "/..%2fetc%2fpasswd",
        "/..%2Foutside%2Fsecret.txt",
        "/%2f..",
        "/%2foutside/secret.txt",
        "//etc/passwd",
        "/..\\..\\etc\\passwd",
        "/a%5c..%5c..",
        "/a%5C..%5C..%5Coutside%5Csecret.txt",
        "/.git/config",
        "/.git",
        "/.git/",
        "/.env",
        "/%2eenv",
        "/sub/.env",
        "/leak.txt",
        "/abslink.txt",
        "/outlink",
        "/outlink/",
        "/outlink/secret.txt",
        "/outlink/etc/passwd",
        "/hidden-link.txt",
        "/%252e%252e/%252e%252e/outside/secret.txt",
        "/%252e%252e%252foutside%252fsecret.txt",
        "/a%0a",
        "/x%7f",
        "http://evil.example/../outside/secret.txt",
        "*",
    ])
    func traversalOrHiddenPath_Is404(target: String) {
        expectRefused(target, with: .notFound)
        expectRefused(target, with: .notFound, method: .head)
    }

    @Test(arguments: [
        "/%00",
        "/index.html%00.txt",
        "/a/%00/b.txt",
        "/%",
        "/%zz",
        "/%2",
        "/%c0%ae%c0%ae/outside/secret.txt",
        "/%ff",
    ])
    func malformedOrNULPath_Is400(target: String) {
        expectRefused(target, with: .invalidPath)
    }

    @Test(arguments: [
        "../outside/secret.txt",
        "a/../../outside/secret.txt",
        "/etc/passwd",
        "a\\..\\..\\outside\\secret.txt",
        ".env",
        "sub/../.env",
        ".git/config",
        "outlink/secret.txt",
        "leak.txt",
        "index.html\u{0}.txt",
        "./index.html",
    ])
    func serveFile_RefusesTheSamePaths(relativePath: String) {
        do {
            let response = try files.serveFile(relativePath: relativePath, request: get("/"))
            Issue.record("\(relativePath) was served: \(String(describing: response.text))")
        } catch {
            #expect(error == .notFound)
        }
    }

    @Test func doubleEncodedDots_AreALiteralNameInsideTheRoot() throws {
        // `%252e%252e` decodes once to the text `%2e%2e`, a plain file name here.
        let response = try files.serve(get("/%252e%252e"))
        #expect(response.text == "literal name")
    }

    @Test func symlinkedFileLeadingOut_ExistsButIsRefused() throws {
        // Guard against a vacuous pass: the target really is readable through the link.
        #expect(try String(contentsOfFile: fixture.path("public/leak.txt"), encoding: .utf8) == StaticFileFixture.secret)
        expectRefused("/leak.txt", with: .notFound)
    }
}
