import CheckoutCore
import CheckoutHTTP
import Logging

/// The HTTP side of idempotency keys (API.md "Conventions"): controllers of POST routes run
/// their work through `run`, which claims the key, replays a stored answer with
/// `Idempotent-Replayed: true`, or runs the work and stores its answer (5xx answers are not
/// stored, so a retry runs again). The rules and the storage live in CheckoutCore's
/// `IdempotencyService`.
public struct IdempotencyGate: Sendable {
    /// The request header carrying the key.
    public static let header = IdempotencyService.header
    /// The response header marking a replay.
    public static let replayedHeader = "Idempotent-Replayed"

    let service: IdempotencyService
    let logger: Logger

    public init(service: IdempotencyService, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    /// Runs `work` at most once per (caller, key).
    /// - Parameters:
    ///   - required: whether the route demands a key (orders, payments, refunds); otherwise a
    ///     request without one simply runs.
    /// - Throws: 400 `invalid_request` (`param: "Idempotency-Key"`) for a missing or malformed
    ///   key, 409 `idempotency_key_reused` for another body or endpoint, 409 `conflict` while
    ///   the first request with the key runs; and whatever `work` throws (already stored).
    public func run(_ request: Request, caller: Caller, required: Bool,
                    _ work: () async throws -> Response) async throws -> Response {
        guard let claim = try Self.claim(request, caller: caller, required: required) else { return try await work() }
        let scope = claim.caller, key = claim.key
        let outcome = try await service.begin(caller: scope, key: key, endpoint: claim.endpoint,
                                              requestHash: claim.requestHash)
        if case .replay(let status, let body) = outcome {
            return Self.replay(IdempotentAnswer(status: status, body: body))
        }
        let response: Response
        do {
            response = try await work()
        } catch {
            let failure = ErrorRenderer.response(for: error)
            await finish(scope: scope, key: key, status: failure.status.code, body: failure.body)
            throw error
        }
        await finish(scope: scope, key: key, status: response.status.code, body: response.body)
        return response
    }

    /// The request's key as a claim (scope, endpoint, body hash), or nil without a key where optional.
    /// - Throws: 400 `invalid_request` on the header for a missing required key or several keys.
    public static func claim(_ request: Request, caller: Caller, required: Bool) throws -> IdempotencyClaim? {
        let values = request.headers.values(for: header)
        guard let key = values.first else {
            if required {
                throw CheckoutError.invalidRequest("An Idempotency-Key header is required on this route.", param: header)
            }
            return nil
        }
        guard values.count == 1 else {
            throw CheckoutError.invalidRequest("Send one Idempotency-Key header.", param: header)
        }
        return IdempotencyClaim(caller: caller.idempotencyScope, key: key,
                                endpoint: "\(request.method) \(request.path)",
                                requestHash: IdempotencyService.requestHash(body: request.body))
    }

    /// A stored answer sent again, marked `Idempotent-Replayed: true`.
    public static func replay(_ answer: IdempotentAnswer) -> Response {
        Response(status: HTTPStatus(code: answer.status),
                 headers: ["Content-Type": "application/json", replayedHeader: "true"],
                 body: .bytes(answer.body))
    }

    /// Stores the answer; a body that is not in memory cannot be replayed, so the key is released.
    private func finish(scope: String, key: String, status: Int, body: ResponseBody) async {
        do {
            if case .bytes(let bytes) = body {
                try await service.complete(caller: scope, key: key, status: status, body: bytes)
            } else {
                try await service.abandon(caller: scope, key: key)
            }
        } catch {
            logger.error("could not record an idempotency key", metadata: [
                "scope": "\(scope)", "status": "\(status)", "error": "\(String(reflecting: error))",
            ])
        }
    }
}
