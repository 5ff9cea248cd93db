import CheckoutCore
import CheckoutCrypto
import CheckoutHTTP
import CheckoutWeChat
import Foundation

/// QQ Wallet's merchant API: XML bodies signed with MD5 (`QPaySignature`), every answer's
/// `sign` and `mch_id` checked before it is believed, refunds over TLS with the merchant's
/// client certificate. Failures are `PaymentProviderError`s.
public final class QPayClient: Sendable {
    public let configuration: QPayConfiguration
    let signature: QPaySignature
    let http: BlockingHTTPClient
    /// Presents the client certificate; nil when refunds are not configured.
    let certified: BlockingHTTPClient?

    public static let unifiedOrderPath = "/cgi-bin/pay/qpay_unified_order.cgi"
    public static let orderQueryPath = "/cgi-bin/pay/qpay_order_query.cgi"
    public static let closeOrderPath = "/cgi-bin/pay/qpay_close_order.cgi"
    public static let refundPath = "/cgi-bin/pay/qpay_refund.cgi"
    public static let refundQueryPath = "/cgi-bin/pay/qpay_refund_query.cgi"

    /// - Throws: `TLSError` when the client certificate or key cannot be used.
    public init(configuration: QPayConfiguration) throws {
        self.configuration = configuration
        signature = QPaySignature(apiKey: configuration.apiKey)
        var tls = TLSClientConfiguration(trustedCAPath: configuration.trustedCAPath)
        http = BlockingHTTPClient(tls: try TLSContext.makeClient(configuration: tls), timeout: configuration.timeout)
        if let refunds = configuration.refunds {
            tls.clientCertificate = (refunds.certificatePath, refunds.keyPath)
            certified = BlockingHTTPClient(tls: try TLSContext.makeClient(configuration: tls), timeout: configuration.timeout)
        } else {
            certified = nil
        }
    }

    /// Signs `fields` (adding `mch_id` and `nonce_str`), posts them to `path` and returns the
    /// verified answer.
    /// - Parameter certified: present the client certificate (refunds).
    /// - Throws: `PaymentProviderError`: `.rejected` with `err_code` when QQ Wallet refuses.
    public func call(_ path: String, _ fields: XMLFields, certified: Bool = false) async throws -> XMLFields {
        var request = fields
        request["mch_id"] = configuration.merchantID
        request["nonce_str"] = SecureRandom.alphanumeric(count: 32)
        let body = signature.signed(request).encoded()
        guard let url = URL(string: configuration.apiBase + path) else {
            throw PaymentProviderError(.unreachable, "QPAY_API_BASE does not make a URL")
        }
        guard let client = certified ? self.certified : http else {
            throw PaymentProviderError(.rejected, "QQ Wallet refunds need QPAY_CERT, QPAY_KEY, QPAY_OP_USER_ID and QPAY_OP_USER_PASSWD.")
        }
        let answer: BlockingHTTPClient.Answer
        do {
            answer = try await client.send(method: "POST", url: url, headers: [
                ("Content-Type", "application/xml; charset=utf-8"), ("User-Agent", "ChatCheckout/1 (QQ Wallet)"),
            ], body: body)
        } catch let error as OutgoingHTTPError {
            throw PaymentProviderError(error.kind == .timedOut ? .timedOut : (error.kind == .unreachable ? .unreachable : .invalidResponse),
                                       "QQ Wallet: \(error.message)")
        }
        return try verify(answer)
    }

    func verify(_ answer: BlockingHTTPClient.Answer) throws(PaymentProviderError) -> XMLFields {
        guard (200..<300).contains(answer.status) else {
            throw PaymentProviderError(.rejected, httpStatus: answer.status, "QQ Wallet answered HTTP \(answer.status)")
        }
        let fields: XMLFields
        do {
            fields = try XMLFlatParser.parse(answer.body)
        } catch {
            throw PaymentProviderError(.invalidResponse, httpStatus: answer.status, "QQ Wallet answered unreadable XML")
        }
        guard fields["return_code"] == "SUCCESS" else {
            // A communication failure (bad signature, parameters): final, never money.
            throw PaymentProviderError(.rejected, code: fields["retcode"] ?? fields["return_code"], httpStatus: 400,
                                       String((fields["return_msg"] ?? fields["retmsg"] ?? "refused").prefix(120)))
        }
        guard signature.verify(fields), fields["mch_id"] == configuration.merchantID else {
            throw PaymentProviderError(.invalidResponse, httpStatus: answer.status, "QQ Wallet answer signature or merchant does not verify")
        }
        guard fields["result_code"] == "SUCCESS" else {
            let code = fields["err_code"] ?? "FAIL"
            // SYSTEMERROR and friends may pass; everything else is QQ Wallet's final word.
            let transient = ["SYSTEMERROR", "SYSTEM_ERROR", "FREQUENCY_LIMITED"].contains(code)
            throw PaymentProviderError(.rejected, code: code, httpStatus: transient ? 503 : 400,
                                       String((fields["err_code_des"] ?? fields["err_code_desc"] ?? "refused").prefix(120)))
        }
        return fields
    }
}
