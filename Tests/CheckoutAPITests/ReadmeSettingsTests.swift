import CheckoutAPI
import Foundation
import Testing

/// The README's configuration table and the settings in code never drift apart.
@Suite struct ReadmeSettingsTests {
    static let readme: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    @Test func everySetting_HasARowWithItsDefaultInTheReadme() {
        for setting in Setting.all {
            let row = Self.readme.split(separator: "\n").first { $0.hasPrefix("| `\(setting.variable)` |") }
            #expect(row != nil, "README has no row for \(setting.variable)")
            if let row, let defaultValue = setting.defaultValue {
                #expect(row.contains("`\(defaultValue)`"), "README row for \(setting.variable) lacks its default \(defaultValue)")
            }
        }
    }

    @Test func everyFlag_IsDerivedFromItsVariable() {
        #expect(Setting.httpPort.flag == "http-port")
        #expect(Setting.wechatAppID.flag == "wechat-app-id")
        #expect(Setting.wechatPayAPIv3Key.flag == "wechatpay-apiv3-key")
        #expect(Set(Setting.all.map(\.variable)).count == Setting.all.count)
    }
}
