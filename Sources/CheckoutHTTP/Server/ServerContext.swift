import CLinux
import CheckoutThreads
import Glibc
import Logging
import Synchronization

/// State shared by every event loop of one server: the responder, the limits, the
/// connection count and the logger. Only Sendable pieces live here.
final class ServerContext: Sendable {
    let responder: any HTTPResponder
    let inlineResponder: (any InlineResponder)?
    let configuration: ServerConfiguration
    let logger: Logger
    /// The configured access log, or one through `logger`.
    let accessLog: any AccessLog
    let maxConnections: Int
    let openConnections = Atomic<Int>(0)
    /// When loops close idle connections to make room.
    let reclaimPolicy: ReclaimPolicy
    /// Idle connections closed to make room, since start.
    let reclaimedConnections = Atomic<Int>(0)
    /// New connections closed at accept (past the ceiling or out of descriptors), since start.
    let refusedConnections = Atomic<Int>(0)
    let requestIDPrefix: String
    /// Where handler tasks run.
    let handlers: HandlerExecutor

    init(responder: any HTTPResponder, configuration: ServerConfiguration, logger: Logger, maxConnections: Int,
         reclaimPolicy: ReclaimPolicy) {
        self.responder = responder
        self.inlineResponder = responder as? any InlineResponder
        self.configuration = configuration
        self.logger = logger
        self.accessLog = configuration.accessLog ?? LoggerAccessLog(logger: logger)
        self.maxConnections = maxConnections
        self.reclaimPolicy = reclaimPolicy
        self.handlers = HandlerExecutor(threadCount: configuration.handlerThreadCount)
        var bytes: UInt32 = 0
        withUnsafeMutableBytes(of: &bytes) { _ = getrandom($0.baseAddress, 4, 0) }
        requestIDPrefix = String(bytes, radix: 16)
    }

    /// Runs the responder; a thrown `HTTPResponseError` is rendered with its status, anything
    /// else as a 500, both through the configured `HTTPErrorRenderer`.
    func respond(to request: Request) async -> Response {
        do {
            return try await responder.respond(to: request)
        } catch let error as any HTTPResponseError {
            return configuration.errorRenderer.response(for: HTTPServerError(error))
        } catch {
            logger.error("unhandled handler error", metadata: ["request_id": "\(request.context.requestID)", "error": "\(error)"])
            return configuration.errorRenderer.response(for: HTTPServerError(status: .internalServerError))
        }
    }
}
