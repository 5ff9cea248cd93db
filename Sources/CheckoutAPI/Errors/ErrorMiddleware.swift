import CheckoutCore
import CheckoutHTTP
import Logging

/// The one error funnel, installed first (outermost): every error thrown below it, from the
/// router, a controller, the domain or storage, becomes the contract's JSON error response.
/// Unexpected errors answer 500 `internal` with a fixed message; their details are logged
/// with the request id and never sent.
public struct ErrorMiddleware: Middleware {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func handle(_ request: Request, next: @Sendable (Request) async throws -> Response) async throws -> Response {
        do {
            return try await next(request)
        } catch {
            return response(for: error, to: request)
        }
    }

    /// The contract's answer to `error`, logged as `handle` logs it (for fast paths that run
    /// outside the middleware chain).
    public func response(for error: any Error, to request: Request) -> Response {
        let rendition = ErrorRenderer.classify(error)
        log(error, rendition, request)
        return ErrorRenderer.response(for: rendition)
    }

    private func log(_ error: any Error, _ rendition: ErrorRenderer.Rendition, _ request: Request) {
        // Refusals (404, 400, ...) are debug lines: build nothing when they are not written.
        guard rendition.isUnexpected || logger.logLevel <= .debug else { return }
        var metadata: Logger.Metadata = [
            "request_id": "\(request.context.requestID)",
            "method": "\(request.method)",
            "route": "\(request.context.route ?? "-")",
            "code": "\(rendition.error.code.rawValue)",
        ]
        if rendition.isUnexpected {
            metadata["error"] = "\(String(reflecting: error))"
            logger.error("request failed", metadata: metadata)
        } else {
            if let param = rendition.error.param { metadata["param"] = "\(param)" }
            logger.debug("request refused", metadata: metadata)
        }
    }
}
