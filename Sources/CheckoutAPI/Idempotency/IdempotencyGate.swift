import CheckoutCore
import CheckoutHTTP
import CheckoutThreads

/// The HTTP side of idempotency keys (docs/API.md "Conventions"): a POST route runs its write
/// through `run`, which reads the key, replays a stored answer with `Idempotent-Replayed: true`,
/// or hands the write an `IdempotentCommit` so the store commits the write's effect and the
/// answer together (5xx answers are never stored, so a retry runs again). The rules live in
/// CheckoutCore's `IdempotencyService`.
public struct IdempotencyGate: Sendable {
    /// The request header carrying the key.
    public static let header = IdempotencyService.header
    /// The response header marking a replay.
    public static let replayedHeader = "Idempotent-Replayed"

    let service: IdempotencyService

    public init(service: IdempotencyService) {
        self.service = service
    }

    /// Runs `write` at most once per (caller, key); without a key it gets nil and simply runs.
    /// - Parameters:
    ///   - required: whether the route demands a key (orders, payments, refunds).
    ///   - readFirst: as for `IdempotencyService.run` (false only where the store's job checks the key).
    ///   - respond: the response for the written value (stored as the key's answer).
    /// - Throws: 400 `invalid_request` (`param: "Idempotency-Key"`) for a missing or malformed
    ///   key, 409 `idempotency_key_reused` for another body or endpoint, 409 `conflict` while
    ///   the first request with the key runs; and the write's errors (stored when below 500).
    public func run<Value: Sendable>(_ request: Request, caller: Caller, required: Bool, readFirst: Bool = true,
                                     respond: @escaping @Sendable (Value) throws -> Response,
                                     _ write: (IdempotentCommit<Value>?) async throws -> IdempotentOutcome<Value>)
        async throws -> Response {
        guard let claim = try Self.claim(request, caller: caller, required: required) else {
            return try respond(try await write(nil).get())
        }
        let refusal = RenderedRefusal()
        let answer: @Sendable (Result<Value, any Error>) throws -> IdempotentAnswer = { result in
            switch result {
            case .success(let value): return Self.answer(Result { try respond(value) })
            case .failure(let error):
                let response = ErrorRenderer.response(for: error)
                refusal.keep(response)
                return Self.answer(.success(response))
            }
        }
        switch try await service.run(claim, readFirst: readFirst, answer: answer, write) {
        case .done(let value, let answer):
            guard let answer else { return try respond(value) }
            return Response.json(answer.body, status: HTTPStatus(code: answer.status))
        case .refused(let error):
            // The refusal was rendered to be stored (the last rendering is of this error): sent
            // as it is, not rendered again by the error funnel (whose debug line it skips).
            guard let response = refusal.response else { throw error }
            return response
        case .replay(let answer):
            return Self.replay(answer)
        }
    }

    /// The answer to store for a response or an error (a body not in memory cannot be replayed:
    /// status 500, never stored).
    static func answer(_ result: Result<Response, any Error>) -> IdempotentAnswer {
        let response = switch result {
        case .success(let response): response
        case .failure(let error): ErrorRenderer.response(for: error)
        }
        guard case .bytes(let body) = response.body else { return IdempotentAnswer(status: 500, body: []) }
        return IdempotentAnswer(status: response.status.code, body: body)
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
}

/// The response a keyed write's refusal was rendered as, kept for the caller (written on the
/// thread that renders the answer, read after the write returned).
private final class RenderedRefusal: Sendable {
    private let kept = Locked<Response?>(nil)

    var response: Response? { kept.withLock { $0 } }

    func keep(_ response: Response) { kept.withLock { $0 = response } }
}
