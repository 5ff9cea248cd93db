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
        self.responder = ClosureResponder { request in
            if request.path == "/healthz" {
                return .json(Array(#"{"status":"ok"}"#.utf8))
            }
            return .json(Array(#"{"error":{"code":"not_found","message":"No such route."}}"#.utf8), status: .notFound)
        }
    }

    /// Starts the HTTP server on the configured ports.
    public func makeServer() -> Server {
        Server(configuration: configuration.server, responder: responder, logger: logger)
    }
}
