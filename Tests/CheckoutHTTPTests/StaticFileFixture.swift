@testable import CheckoutHTTP
import Foundation

/// A temporary tree: `public/` (the served root) next to `outside/` (must never be served).
///
/// ```
/// outside/secret.txt, outside/etc/passwd
/// public/index.html, sub/index.html, sub/page.html, empty/, a/b.txt, big.bin (1 MiB),
///        style.css, app.js, … (one file per content type), .env, .git/config,
///        leak.txt -> ../outside/secret.txt, outlink -> ../outside, alias.html -> index.html,
///        hidden-link.txt -> .env
/// ```
final class StaticFileFixture {
    static let secret = "TOP SECRET outside the root"
    static let indexHTML = "<!doctype html><title>home</title>"
    static let fixedDate = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT

    let base: URL
    var publicPath: String { base.appendingPathComponent("public").path }

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("static-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: base.appendingPathComponent("outside/etc"), withIntermediateDirectories: true)
        for dir in ["public/sub", "public/empty", "public/a", "public/.git", "public/p"] {
            try fm.createDirectory(at: base.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        try write("outside/secret.txt", Self.secret)
        try write("outside/etc/passwd", Self.secret)
        try write("public/index.html", Self.indexHTML)
        try write("public/sub/index.html", "sub index")
        try write("public/sub/page.html", "sub page")
        try write("public/a/b.txt", "b")
        try write("public/p/index.html", "product page")
        try write("public/.env", "SECRET=1")
        try write("public/.git/config", "[core]")
        try write("public/%2e%2e", "literal name")
        for name in ["style.css", "app.js", "data.json", "logo.svg", "img.png", "photo.jpg", "icon.ico",
                     "notes.txt", "font.woff2", "pic.webp", "app.js.map", "unknown.xyz", "README", "UPPER.PNG"] {
            try write("public/\(name)", "content of \(name)")
        }
        try Data(repeating: 0x61, count: 1 << 20).write(to: base.appendingPathComponent("public/big.bin"))
        try fm.createSymbolicLink(atPath: path("public/leak.txt"), withDestinationPath: "../outside/secret.txt")
        try fm.createSymbolicLink(atPath: path("public/outlink"), withDestinationPath: "../outside")
        try fm.createSymbolicLink(atPath: path("public/abslink.txt"), withDestinationPath: path("outside/secret.txt"))
        try fm.createSymbolicLink(atPath: path("public/alias.html"), withDestinationPath: "index.html")
        try fm.createSymbolicLink(atPath: path("public/hidden-link.txt"), withDestinationPath: ".env")
        try fm.setAttributes([.modificationDate: Self.fixedDate], ofItemAtPath: path("public/index.html"))
    }

    deinit {
        try? FileManager.default.removeItem(at: base)
    }

    func path(_ relative: String) -> String { base.appendingPathComponent(relative).path }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: base.appendingPathComponent(relative))
    }

    func responder(_ configuration: StaticFileResponder.Configuration = .init()) throws -> StaticFileResponder {
        try StaticFileResponder(root: publicPath, configuration: configuration)
    }
}

func get(_ target: String, method: HTTPMethod = .get, headers: HTTPFields = [:]) -> Request {
    Request(method: method, target: target, headers: headers)
}
