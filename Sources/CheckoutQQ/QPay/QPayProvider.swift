import CheckoutCore
import CheckoutCrypto
import CheckoutWeChat
import Foundation

/// QQ Wallet (QQ钱包) as a `PaymentProvider`, named `qpay`: a MINIAPP unified order
/// (out_trade_no = order id, time_expire = the order's `expires_at`) whose `prepay_id` the
/// mini program hands to `qq.requestPayment`; order query and close; refunds over TLS with the
/// client certificate and operator, then asked for their state.
public struct QPayProvider: PaymentProvider {
    public let name = "qpay"
    let client: QPayClient

    public init(client: QPayClient) {
        self.client = client
    }

    var configuration: QPayConfiguration { client.configuration }

    public func prepay(_ request: PrepayRequest) async throws -> PrepayResult {
        let order = request.order
        let fields = XMLFields([
            ("appid", configuration.appID), ("body", QPayMapping.body(of: order)), ("out_trade_no", order.id),
            ("fee_type", order.currency.code), ("total_fee", String(order.amountTotal)),
            ("spbill_create_ip", Self.address(request.payerIP)), ("time_expire", QPayTime.format(order.expiresAt.date)),
            ("trade_type", "MINIAPP"), ("notify_url", configuration.notifyURL),
        ])
        let answer = try await client.call(QPayClient.unifiedOrderPath, fields)
        guard let prepayID = answer["prepay_id"], !prepayID.isEmpty, prepayID.utf8.count <= 128 else {
            throw PaymentProviderError(.invalidResponse, "QQ Wallet answered without a prepay_id")
        }
        return PrepayResult(prepayID: prepayID, payParameters: PayParameters([
            "package": "prepay_id=\(prepayID)", "bargainor_id": configuration.merchantID,
        ]))
    }

    public func refund(_ request: RefundSubmission) async throws -> ProviderRefund {
        guard let credentials = configuration.refunds else {
            throw PaymentProviderError(.unreachable, "QQ Wallet refunds are not configured (QPAY_CERT, QPAY_KEY, QPAY_OP_USER_*).")
        }
        var fields = XMLFields([
            ("appid", configuration.appID), ("out_refund_no", request.refundID), ("refund_fee", String(request.amount)),
            ("op_user_id", credentials.operatorID),
            // The operator's password travels as its MD5 (QQ Wallet's refund API).
            ("op_user_passwd", MD5.upperHex(credentials.operatorPassword).lowercased()),
        ])
        if let transactionID = request.transactionID { fields["transaction_id"] = transactionID } else {
            fields["out_trade_no"] = request.orderID
        }
        let answer = try await client.call(QPayClient.refundPath, fields, certified: true)
        let accepted = ProviderRefund(outRefundNo: request.refundID, outTradeNo: request.orderID,
                                      refundID: answer["refund_id"], state: .processing, amount: request.amount)
        // The refund API accepts; the refund query says whether the money is back.
        let status = try? await client.call(QPayClient.refundQueryPath, XMLFields([
            ("appid", configuration.appID), ("out_refund_no", request.refundID),
        ]))
        return status.flatMap {
            QPayMapping.refund($0, outRefundNo: request.refundID, outTradeNo: request.orderID, amount: request.amount)
        } ?? accepted
    }

    public func close(outTradeNo: String) async throws {
        _ = try await client.call(QPayClient.closeOrderPath, XMLFields([("appid", configuration.appID), ("out_trade_no", outTradeNo)]))
    }

    public func query(outTradeNo: String) async throws -> ProviderTransaction? {
        do {
            let answer = try await client.call(QPayClient.orderQueryPath,
                                               XMLFields([("appid", configuration.appID), ("out_trade_no", outTradeNo)]))
            return try QPayMapping.transaction(answer, merchantID: configuration.merchantID, appID: configuration.appID)
        } catch let error as PaymentProviderError where error.code == "ORDERNOTEXIST" {
            return nil
        }
    }

    /// The payer's IPv4 address, or loopback when there is none (QQ Wallet requires the field).
    static func address(_ ip: String?) -> String {
        guard let ip, !ip.isEmpty, ip.utf8.count <= 45 else { return "127.0.0.1" }
        return ip
    }
}
