import CheckoutCore
import CheckoutHTTP
import Foundation

/// Turns any error into the contract's error response:
/// `{"error":{"code","message","param"?}}` with `Content-Type: application/json` and the
/// status from `ErrorCode.status`. Used by `ErrorMiddleware` and by idempotent routes, which
/// must store exactly what the caller is sent.
public enum ErrorRenderer {
    /// The fixed message of a 500; details go to the log only.
    public static let internalMessage = "An internal error occurred. Quote the request id when reporting it."

    /// What an error becomes on the wire.
    public struct Rendition: Sendable {
        public var error: CheckoutError
        public var headers: HTTPFields
        /// True when the error was not one the contract knows: log it in full.
        public var isUnexpected: Bool
    }

    /// Classifies `error` (one place for every kind the layers below throw).
    public static func classify(_ error: any Error) -> Rendition {
        switch error {
        case let error as CheckoutError:
            return Rendition(error: error, headers: [:], isUnexpected: false)
        case let error as APIError:
            return Rendition(error: error.error, headers: error.headers, isUnexpected: false)
        case let error as DecodingError:
            return Rendition(error: JSONBody.describe(error), headers: [:], isUnexpected: false)
        case let error as StorageError:
            return classify(storage: error)
        case let error as any HTTPResponseError:
            // The router's 404/405/400 and any other error that knows its status.
            let code = ErrorCode.forStatus(error.status)
            guard code != .internal else { break }
            return Rendition(error: CheckoutError(code, error.message), headers: error.headers, isUnexpected: false)
        default:
            break
        }
        return Rendition(error: CheckoutError(.internal, internalMessage), headers: [:], isUnexpected: true)
    }

    /// Storage errors: a uniqueness conflict is 409, an unavailable backend 503, the rest 500.
    static func classify(storage error: StorageError) -> Rendition {
        switch error.kind {
        case .conflict:
            return Rendition(error: .conflict("The request conflicts with an existing object."), headers: [:],
                             isUnexpected: false)
        case .unavailable:
            return Rendition(error: CheckoutError(.unavailable, "Storage is temporarily unavailable; retry shortly."),
                             headers: ["Retry-After": "1"], isUnexpected: true)
        case .overloaded:
            return Rendition(error: CheckoutError(.unavailable, "The service is busy; retry shortly."),
                             headers: ["Retry-After": "1"], isUnexpected: false)
        case .corrupt, .failed:
            return Rendition(error: CheckoutError(.internal, internalMessage), headers: [:], isUnexpected: true)
        }
    }

    /// The response for `error`.
    public static func response(for error: any Error) -> Response {
        response(for: classify(error))
    }

    /// The response for a classified error.
    public static func response(for rendition: Rendition) -> Response {
        var response = Response.json(body(rendition.error), status: rendition.error.code.status)
        for field in rendition.headers { response.headers[field.name] = field.value }
        return response
    }

    /// `{"error":{"code":…,"message":…,"param":…}}`, written as bytes (the escape scan of
    /// `JSONWriter`; every 4xx of the contract, and stored Idempotency-Key answers, render here).
    public static func body(_ error: CheckoutError) -> [UInt8] {
        var json = JSONWriter(capacity: 64 + error.message.utf8.count + (error.param?.utf8.count ?? 0))
        json.beginObject()
        json.key("error")
        json.beginObject()
        json.field("code", error.code.rawValue)
        json.field("message", error.message)
        if let param = error.param { json.field("param", param) }
        json.endObject()
        json.endObject()
        return json.bytes
    }
}
