import CheckoutTesting
import Foundation
import Testing

/// The repository's `Public/` as it ships: prepared by `.ci/build-public.sh` (fingerprinted
/// assets, fresh gzip variants), self-contained, and written so that API text stays text and
/// no credential ever rides in a URL.
@Suite struct PublicFolderTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let publicDirectory = repository.appendingPathComponent("Public")

    static func files(_ extensions: Set<String>) throws -> [(String, String)] {
        let enumerator = try #require(FileManager.default.enumerator(at: publicDirectory, includingPropertiesForKeys: nil))
        return try enumerator.compactMap { $0 as? URL }.filter { extensions.contains($0.pathExtension) }.map {
            ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8))
        }
    }

    @Test func publicFolder_IsPrepared_FingerprintsAndGzipVariantsAreCurrent() async throws {
        let script = Self.repository.appendingPathComponent(".ci/build-public.sh").path
        let (status, output) = try await Blocking.run { try Shell.run(script, ["--check", Self.publicDirectory.path]) }
        #expect(status == 0, "\(output)")
    }

    @Test func pages_LoadNothingFromAnotherHost() throws {
        let pages = try Self.files(["html", "css", "js"])
        #expect(pages.count >= 6)
        for (name, text) in pages {
            for external in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "url(http", "url(//", "@import"] {
                #expect(!text.contains(external), "\(name) loads \(external)…")
            }
        }
    }

    @Test func scripts_NeverParseTextAsHTMLNorPutCredentialsInURLs() throws {
        for (name, text) in try Self.files(["js"]) {
            for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                #expect(!text.contains(sink), "\(name) uses \(sink)")
            }
            for leak in ["?token=", "&token=", "?key=", "&key=", "access_token", "location.hash ="] {
                #expect(!text.contains(leak), "\(name) builds a URL with \(leak)")
            }
        }
    }
}
