import CheckoutCore
import Foundation

/// WeChat Pay API v3 as a `PaymentProvider`: JSAPI prepay (out_trade_no = order id,
/// time_expire = the order's `expires_at`), paySign with the merchant key, refunds, close,
/// query.
public struct WeChatPayProvider: PaymentProvider {
    public let name: String
    let client: WeChatPayClient
    let paySign: WeChatPayPaySign

    /// - Parameter name: `wechatpay` (the sandbox reuses the shapes under its own name).
    public init(client: WeChatPayClient, name: String = "wechatpay") {
        self.name = name
        self.client = client
        paySign = WeChatPayPaySign(appID: client.configuration.appID, privateKey: client.configuration.merchantKey)
    }

    public func prepay(_ request: PrepayRequest) async throws -> PrepayResult {
        let order = request.order
        guard let total = Int(exactly: order.amountTotal) else {
            throw PaymentProviderError(.rejected, "The order total does not fit WeChat Pay.")
        }
        let body = WeChatPayJSAPIPrepay(
            appid: client.configuration.appID, mchid: client.configuration.merchantID,
            description: WeChatPayMapping.description(of: order), outTradeNo: order.id,
            timeExpire: WeChatPayTime.format(order.expiresAt.date), notifyURL: request.notifyURL,
            amount: .init(total: total, currency: order.currency.code), payer: .init(openid: request.payerOpenID),
            settleInfo: request.profitSharing ? .init(profitSharing: true) : nil)
        let prepayID = try await client.prepayJSAPI(body)
        do {
            return PrepayResult(prepayID: prepayID,
                                payParameters: try paySign.parameters(prepayID: prepayID))
        } catch {
            throw PaymentProviderError(.invalidResponse, "cannot sign the payment parameters")
        }
    }

    public func refund(_ request: RefundSubmission) async throws -> ProviderRefund {
        guard let refund = Int(exactly: request.amount), let total = Int(exactly: request.paidAmount) else {
            throw PaymentProviderError(.rejected, "The refund amount does not fit WeChat Pay.")
        }
        let body = WeChatPayRefundRequest(
            transactionID: request.transactionID, outTradeNo: request.transactionID == nil ? request.orderID : nil,
            outRefundNo: request.refundID, reason: request.reason, notifyURL: request.notifyURL,
            amount: .init(refund: refund, total: total, currency: request.currency.code))
        return WeChatPayMapping.refund(try await client.refund(body))
    }

    public func close(outTradeNo: String) async throws {
        try await client.close(outTradeNo: outTradeNo)
    }

    public func query(outTradeNo: String) async throws -> ProviderTransaction? {
        let configuration = client.configuration
        return try await client.query(outTradeNo: outTradeNo).map {
            WeChatPayMapping.transaction($0, appID: configuration.appID, merchantID: configuration.merchantID)
        }
    }
}
