import CheckoutTesting
import Foundation
import Testing

/// The README's curl walkthrough, run as printed (port substituted) against the built binary,
/// so the README cannot rot.
@Suite(.serialized) struct WalkthroughTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// The ```sh blocks between the walkthrough markers, in order.
    static func shellBlocks() throws -> [String] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: "<!-- walkthrough:start -->"), let end = text.range(of: "<!-- walkthrough:end -->"),
              start.upperBound < end.lowerBound
        else { throw TestError("README.md has no walkthrough section") }
        var blocks: [String] = []
        var current: [Substring]?
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```sh" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func readmeWalkthrough_HasShellBlocksAimedAtMakeRunDefaults() throws {
        let blocks = try Self.shellBlocks()
        #expect(blocks.count >= 6)
        let script = blocks.joined(separator: "\n")
        #expect(script.contains("http://127.0.0.1:8080"))
        #expect(script.contains("dev-admin-token-change-me"))
        for route in ["/v1/shops", "/v1/products", "/v1/sessions", "/cart/items", "/orders", "Idempotency-Key",
                      "/v1/rewards", "/fulfill", "/v1/me/commissions", "/v1/commissions"] {
            #expect(script.contains(route), "walkthrough lacks \(route)")
        }
    }

    @Test func readmeWalkthrough_RunsAsPrintedAgainstTheBinary() async throws {
        try await ServiceProcess.with(environment: [
            "CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": "dev-admin-token-change-me",
        ]) { service in
            let script = try Self.shellBlocks().joined(separator: "\n")
                .replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(service.port)")
                + "\necho \"WALKTHROUGH-ORDER=$ORDER_ID\"\n"
            let file = service.dataDirectory.appendingPathComponent("walkthrough.sh")
            try Data(script.utf8).write(to: file)
            let (status, output) = try await Blocking.run { try Shell.run("/bin/bash", ["-euo", "pipefail", file.path], timeout: 60) }
            #expect(status == 0, "walkthrough failed:\n\(output)")
            #expect(output.contains("WALKTHROUGH-ORDER=ord_"), "\(output)")
            #expect(output.contains(#""status":"pending_payment""#))
            #expect(output.contains(#""amount_total":7600"#))
            #expect(output.contains(#""package":"prepay_id="#) || output.contains(#""package" : "prepay_id="#), "\(output)")
            #expect(output.contains(" is paid"), "\(output)")
            #expect(output.contains(#""enabled":true,"freeze_days":0,"rate_bps":1000"#), "\(output)")
            #expect(output.contains("rate 3001 refused: rate_bps"), "\(output)")
            #expect(output.contains("commission is paid_out: 380 fen paid out"), "\(output)")
            #expect(output.contains("after the refund: adjustments -190 fen, total 190 fen"), "\(output)")
            #expect(output.contains(#""commission":190"#), "\(output)")
            #expect(output.contains(#""channel":"group""#), "\(output)")
            #expect(output.lowercased().contains("location: /p/"), "\(output)")
            #expect(output.lowercased().contains("set-cookie: cc_vid="), "\(output)")
            #expect(output.contains(#""key":"1008""#), "\(output)")
            #expect(output.contains(#""paid_orders":1"#), "\(output)")
            #expect(output.contains("event: counters"), "\(output)")
            #expect(output.contains(#""bargainor_id""#) && output.range(of: "QQ order ord_[A-Za-z0-9_-]+ is paid",
                                                                        options: .regularExpression) != nil, "\(output)")
            #expect(!output.contains(#""error""#), "\(output)")
        }
    }
}
