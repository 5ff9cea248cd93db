import CheckoutCore
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

    /// The dashboard names every scene value the domain knows (WeChat's and QQ's) and every
    /// channel, in Chinese and in English.
    @Test func dashboard_NamesEveryKnownSceneAndChannelInBothLanguages() throws {
        let script = try #require(try Self.files(["js"]).first { $0.0.hasPrefix("dash.") }?.1)
        func table(_ name: String) throws -> (zh: Substring, en: Substring) {
            let start = try #require(script.range(of: "var \(name) = {"))
            let rest = script[start.upperBound...]
            let zh = try #require(rest.range(of: "zh: {")), en = try #require(rest.range(of: "en: {"))
            let end = try #require(rest[en.upperBound...].range(of: "}"))
            return (rest[zh.upperBound..<en.lowerBound], rest[en.upperBound..<end.lowerBound])
        }
        let scenes = try table("SCENES")
        for scene in ChatScene.known.keys.sorted() {
            #expect(scenes.zh.contains("\(scene): '"), "no Chinese name for scene \(scene)")
            #expect(scenes.en.contains("\(scene): '"), "no English name for scene \(scene)")
        }
        let channels = try table("CHANNELS")
        for channel in ShareChannel.allCases {
            #expect(channels.zh.contains("\(channel.rawValue): '"), "no Chinese name for channel \(channel)")
            #expect(channels.en.contains("\(channel.rawValue): '"), "no English name for channel \(channel)")
        }
    }
}
