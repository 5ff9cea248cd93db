import CheckoutCore
import CheckoutHTTP
import CheckoutWeChat
import Logging

/// `POST /v1/payment-callbacks/wechatpay`: WeChat Pay API v3 notifications exactly as the
/// platform sends them. Verified (signature, ±5 min timestamp, known serial), decrypted, then
/// applied exactly once. 204 when applied, repeated or recorded as an anomaly; 4xx/5xx with
/// `{"code":"FAIL","message":…}` otherwise, so the platform retries. Bodies and keys are never
/// logged.
struct PaymentCallbackController: APIController, Sendable {
    let reader: WeChatPayNotificationReader
    let service: PaymentService
    let logger: Logger

    static let failSchema = Schema.object([("code", Schema.enumeration(["FAIL"])), ("message", Schema.string)],
                                          required: ["code", "message"])

    func addRoutes(to routes: APIRoutes) {
        let operation = APIOperation(
            .post, PaymentConfiguration.callbackPath,
            summary: "WeChat Pay API v3 notifications (signed with Wechatpay-* headers, resource encrypted).",
            tag: "Payments",
            answers: [.init(204, "Accepted: applied, already applied, or recorded as an anomaly."),
                      .init(400, "Unreadable notification; the platform retries.", schema: Self.failSchema),
                      .init(401, "Unverified notification; the platform retries.", schema: Self.failSchema),
                      .init(500, "Not stored; the platform retries.", schema: Self.failSchema)])
        routes.add(operation) { [self] request in
            await handle(headers: request.headers, body: request.body, requestID: request.context.requestID)
        }
    }

    /// Verifies and applies one notification; never throws, so the answer is always WeChat's shape.
    func handle(headers: HTTPFields, body: [UInt8], requestID: String = "") async -> Response {
        let notification: PaymentNotification
        do {
            notification = try reader.read(headers: headers, body: body)
        } catch {
            service.metrics.record(.notificationRejected)
            logger.warning("payment notification rejected", metadata: [
                "reason": "\(error)", "bytes": "\(body.count)", "request_id": "\(requestID)",
            ])
            return Self.fail(HTTPStatus(code: error.status), error.status == 401 ? "signature verification failed"
                                                                                : "notification could not be read")
        }
        do {
            let outcome = try await service.apply(notification)
            logger.info("payment notification applied", metadata: [
                "provider": "\(notification.provider)", "event": "\(notification.eventType)",
                "outcome": "\(outcome.rawValue)", "request_id": "\(requestID)",
            ])
            return Response(status: .noContent)
        } catch let error as CheckoutError where error.code == .invalidRequest {
            service.metrics.record(.notificationRejected)
            logger.warning("payment notification unusable", metadata: ["reason": "\(error.message)"])
            return Self.fail(.badRequest, error.message)
        } catch {
            logger.error("payment notification not stored", metadata: [
                "error": "\(String(reflecting: type(of: error)))", "request_id": "\(requestID)",
            ])
            return Self.fail(.internalServerError, "temporarily unable to process; retry")
        }
    }

    /// `{"code":"FAIL","message":"…"}`.
    static func fail(_ status: HTTPStatus, _ message: String) -> Response {
        .json(Array(#"{"code":"FAIL","message":"#.utf8) + Array(JSONText.quoted(message).utf8) + [UInt8(ascii: "}")],
              status: status)
    }
}
