import CheckoutCore
import CheckoutHTTP
import CheckoutWeChat
import Foundation

/// WeChat Pay inside QQ as a `PaymentProvider`, named `wechatpay_qq`: an H5 order placed through
/// QQ's forwarder with the QQ app's access token, answered as `{url, referer}` for
/// `qq.requestWxPayment`. Its notifications reach our WeChat Pay callback through QQ and are
/// verified like any other; query, close and refunds go to WeChat Pay directly (QQ forwards only
/// the order and the notification), and since the forwarder is a third party, reconciliation
/// queries WeChat Pay for any order still pending a few minutes after its prepay.
public struct WeChatPayQQProvider: PaymentProvider {
    public let name = "wechatpay_qq"
    let client: WeChatPayClient
    let direct: WeChatPayProvider
    let forwarding: QQWeChatPayForwarding
    let tokens: QQAccessTokenCache

    public init(client: WeChatPayClient, forwarding: QQWeChatPayForwarding, tokens: QQAccessTokenCache) {
        self.client = client
        direct = WeChatPayProvider(client: client)
        self.forwarding = forwarding
        self.tokens = tokens
    }

    public func prepay(_ request: PrepayRequest) async throws -> PrepayResult {
        let order = request.order
        guard let total = Int(exactly: order.amountTotal) else {
            throw PaymentProviderError(.rejected, "The order total does not fit WeChat Pay.")
        }
        let configuration = client.configuration
        let body: [UInt8]
        do {
            body = try WeChatPayH5Prepay(
                appid: configuration.appID, mchid: configuration.merchantID,
                description: WeChatPayMapping.description(of: order), outTradeNo: order.id,
                timeExpire: WeChatPayTime.format(order.expiresAt.date), notifyURL: forwarding.forwarderNotifyURL,
                amount: .init(total: total, currency: order.currency.code),
                payerClientIP: QPayProvider.address(request.payerIP)).jsonBody()
        } catch {
            throw PaymentProviderError(.invalidResponse, "cannot encode the H5 order")
        }
        let h5URL = try await tokens.withToken(isInvalidToken: { ($0 as? QQPlatformError)?.isInvalidToken == true }) { token in
            try await place(body, token: token, realNotifyURL: request.notifyURL)
        }
        let prepayID = URLComponents(string: h5URL)?.queryItems?.first { $0.name == "prepay_id" }?.value ?? h5URL
        return PrepayResult(prepayID: String(prepayID.prefix(256)),
                            payParameters: PayParameters(["url": h5URL, "referer": forwarding.referer]))
    }

    /// One forwarded H5 order; returns its `h5_url`.
    /// - Throws: `QQPlatformError` for a token QQ refuses (so it is refreshed), else `PaymentProviderError`.
    func place(_ body: [UInt8], token: String, realNotifyURL: String) async throws -> String {
        let target = QQWeChatPayForwarding.forwarderPath + "?" + PercentEncoding.query([
            ("appid", forwarding.qqAppID), ("access_token", token), ("real_notify_url", realNotifyURL),
        ])
        guard let url = URL(string: forwarding.apiBase + target) else {
            throw PaymentProviderError(.unreachable, "QQ_API_BASE does not make a URL")
        }
        let signedPath = forwarding.signedPath == .wechat ? QQWeChatPayForwarding.wechatPath : target
        let answer = try await client.exchange("POST", url: url, signedPath: signedPath, body: body)
        let object = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any]
        if let code = (object?["errcode"] as? NSNumber)?.intValue, code != 0 {
            let error = QQPlatformError(.refused, errcode: code, String((object?["errmsg"] as? String ?? "refused").prefix(120)))
            if error.isInvalidToken { throw error }
            throw PaymentProviderError(.rejected, code: "QQ_\(code)", httpStatus: answer.status, error.message)
        }
        guard (200..<300).contains(answer.status) else {
            throw PaymentProviderError(.rejected, code: object?["code"] as? String, httpStatus: answer.status,
                                       String((object?["message"] as? String ?? "error answer").prefix(200)))
        }
        let signed = answer.headers[WeChatPayHeader.signature] != nil
        if signed || forwarding.requireSignedAnswers {
            do {
                try client.verifyAnswer(headers: answer.headers, body: answer.body)
            } catch {
                throw PaymentProviderError(.invalidResponse, httpStatus: answer.status, "forwarded answer signature: \(error)")
            }
        }
        guard let h5URL = object?["h5_url"] as? String, h5URL.hasPrefix("https://") || h5URL.hasPrefix("http://"),
              h5URL.utf8.count <= 2048 else {
            throw PaymentProviderError(.invalidResponse, "the forwarded answer has no h5_url")
        }
        return h5URL
    }

    public func refund(_ request: RefundSubmission) async throws -> ProviderRefund {
        try await direct.refund(request)
    }

    public func close(outTradeNo: String) async throws {
        try await direct.close(outTradeNo: outTradeNo)
    }

    public func query(outTradeNo: String) async throws -> ProviderTransaction? {
        try await direct.query(outTradeNo: outTradeNo)
    }
}
