import CheckoutHTTP
import Foundation
import Logging

/// The assembled service: configuration, storage, services and the HTTP responder.
/// `chatcheckout serve` and the in-process test client both start from here.
public final class CheckoutApp: Sendable {
    public let configuration: AppConfiguration
    public let logger: Logger
    public let responder: any HTTPResponder

    public init(configuration: AppConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let files: StaticFileResponder
        do {
            files = try StaticFileResponder(root: configuration.publicDirectory)
        } catch {
            throw ConfigurationError(setting: Setting.publicDir.variable, "\(error)")
        }
        let router = Router()
        router.addMiddleware(FileMiddleware(files: files))
        router.setInlineFallback(files)
        router.addRoutes(ServiceController())
        responder = router.buildResponder()
    }

    /// The HTTP server on the configured ports (not started).
    public func makeServer() -> Server {
        Server(configuration: configuration.server, responder: responder, logger: logger)
    }
}
