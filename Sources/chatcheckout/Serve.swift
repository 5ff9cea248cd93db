import ArgumentParser
import CheckoutAPI
import CheckoutHTTP
import Foundation
import Logging

/// `chatcheckout serve`: runs the service until SIGTERM or SIGINT.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the checkout API, payment callbacks and Public/.")

    @OptionGroup var settings: SettingOptions

    @Flag(help: "Seed a demo shop with products when the database is empty and print curl lines.")
    var demo = false

    func run() throws {
        MallocTuning.apply()
        let signals = SignalWaiter.service
        var config = Startup.loadConfiguration(settings.overrides)
        let logger = Startup.makeLogger(config)
        config.server.accessLog = Startup.makeAccessLog(config)
        do {
            config.server.tls = try TLSSetup.makeStore(config, logger: logger)
        } catch {
            Startup.fail(error.description)
        }
        let app: CheckoutApp
        do {
            app = try CheckoutApp(configuration: config, logger: logger)
        } catch {
            Startup.fail("\(error)")
        }
        var demoLines: [String] = []
        if demo {
            let seeder = DemoSeeder(app: app)
            switch Startup.await({ try await seeder.run() }) {
            case .success(let lines): demoLines = lines
            case .failure(let error): Startup.fail("--demo: cannot seed the demo shop: \(error)")
            }
        }
        let server = app.makeServer()
        let metricsServer = app.makeMetricsServer()
        do {
            try server.start()
        } catch {
            let setting = error.port?.role == .https ? Setting.httpsPort : Setting.httpPort
            Startup.fail("\(setting.variable): \(error)")
        }
        do {
            try metricsServer?.start()
        } catch {
            Startup.fail("\(Setting.metricsPort.variable): \(error)")
        }
        if !demoLines.isEmpty {
            print(demoLines.joined(separator: "\n"))
            fflush(nil)
        }
        while true {
            let signal = signals.wait()
            if signal == SIGHUP {
                if let store = config.server.tls {
                    TLSSetup.reload(store, logger: logger)
                } else {
                    logger.info("SIGHUP: no TLS certificate configured, nothing to reload")
                }
                continue
            }
            logger.info("signal \(signal) received: shutting down")
            break
        }
        server.shutdown()
        metricsServer?.shutdown()
        app.shutdown()
        fflush(nil)
    }
}
