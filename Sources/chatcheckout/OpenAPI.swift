import ArgumentParser
import CheckoutAPI
import Foundation
import Logging

/// `chatcheckout openapi`: prints the OpenAPI 3.1 document that `GET /openapi.json` serves
/// (`make openapi` writes it to docs/openapi.json).
struct OpenAPI: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "openapi",
                                                    abstract: "Print the OpenAPI document the server serves.")

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chatcheckout-openapi-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfiguration()
        config.databasePath = folder.appendingPathComponent("openapi.sqlite").path
        config.publicDirectory = folder.appendingPathComponent("Public").path
        do {
            try FileManager.default.createDirectory(atPath: config.publicDirectory, withIntermediateDirectories: true)
            let app = try CheckoutApp(configuration: config, logger: Logger(label: "openapi") { SwiftLogNoOpLogHandler($0) })
            defer { app.shutdown() }
            FileHandle.standardOutput.write(Data(app.openAPIDocument))
        } catch {
            Startup.fail("openapi: \(error)")
        }
    }
}
