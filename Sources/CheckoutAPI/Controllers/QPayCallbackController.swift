import CheckoutCore
import CheckoutHTTP
import CheckoutQQ
import Logging

/// `POST /v1/payment-callbacks/qpay`: QQ Wallet notifications, XML exactly as QQ Wallet sends
/// them. Parsed strictly within limits, the MD5 `sign` verified, then applied exactly once like
/// WeChat Pay's (amount, order, merchant and app checked; mismatches become anomalies; the raw
/// body kept). Answers `<xml><return_code>SUCCESS</return_code></xml>` when applied, repeated or
/// recorded as an anomaly; otherwise 4xx/5xx with `return_code` FAIL, so QQ Wallet retries.
struct QPayCallbackController: APIController, Sendable {
    /// Nil when QQ Wallet is not configured: every notification is then answered 404.
    let reader: QPayNotificationReader?
    let service: PaymentService
    let logger: Logger

    static let path = "/v1/payment-callbacks/qpay"

    func addRoutes(to routes: APIRoutes) {
        let xml: JSONValue = ["type": "string", "description": "<xml><return_code>SUCCESS|FAIL</return_code>…</xml>"]
        let operation = APIOperation(
            .post, Self.path,
            summary: "QQ Wallet payment notifications (XML, MD5-signed with QPAY_API_KEY); answered in QQ Wallet's XML.",
            tag: "Payments",
            answers: [.init(200, "Accepted: applied, already applied, or recorded as an anomaly.", schema: xml),
                      .init(400, "Unreadable notification (malformed or hostile XML); QQ Wallet retries.", schema: xml),
                      .init(401, "Signature verification failed; QQ Wallet retries.", schema: xml),
                      .init(404, "QQ Wallet is not configured on this server (QPAY_*).", schema: xml),
                      .init(500, "Not stored; QQ Wallet retries.", schema: xml)])
        routes.add(operation) { [self] request in
            await handle(body: request.body, requestID: request.context.requestID)
        }
    }

    /// Verifies and applies one notification; never throws, so the answer is always QQ Wallet's shape.
    func handle(body: [UInt8], requestID: String = "") async -> Response {
        guard let reader else { return Self.answer(.notFound, fail: "QQ Wallet is not configured") }
        let notification: PaymentNotification
        do {
            notification = try reader.read(body: body)
        } catch {
            service.metrics.record(.notificationRejected)
            logger.warning("qpay notification rejected", metadata: [
                "reason": "\(error)", "bytes": "\(body.count)", "request_id": "\(requestID)",
            ])
            return Self.answer(HTTPStatus(code: error.status), fail: error.status == 401 ? "signature verification failed"
                                                                                        : "notification could not be read")
        }
        do {
            let outcome = try await service.apply(notification)
            logger.info("qpay notification applied", metadata: [
                "event": "\(notification.eventType)", "outcome": "\(outcome.rawValue)", "request_id": "\(requestID)",
            ])
            return Self.answer(.ok, fail: nil)
        } catch let error as CheckoutError where error.code == .invalidRequest {
            service.metrics.record(.notificationRejected)
            logger.warning("qpay notification unusable", metadata: ["reason": "\(error.message)"])
            return Self.answer(.badRequest, fail: error.message)
        } catch {
            logger.error("qpay notification not stored", metadata: [
                "error": "\(String(reflecting: type(of: error)))", "request_id": "\(requestID)",
            ])
            return Self.answer(.internalServerError, fail: "temporarily unable to process; retry")
        }
    }

    /// `<xml><return_code>SUCCESS</return_code></xml>`, or FAIL with `return_msg`.
    static func answer(_ status: HTTPStatus, fail message: String?) -> Response {
        let fields = message.map { XMLFields([("return_code", "FAIL"), ("return_msg", $0)]) }
            ?? XMLFields([("return_code", "SUCCESS")])
        var response = Response(status: status, body: .bytes(fields.encoded()))
        response.headers.append("Content-Type", "text/xml; charset=utf-8")
        return response
    }
}
