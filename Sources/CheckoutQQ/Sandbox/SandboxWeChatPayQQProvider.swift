import CheckoutCore
import CheckoutWeChat

/// WeChat Pay in QQ played by the sandbox (`CHECKOUT_SANDBOX=1` without `QQ_*` and
/// `WECHATPAY_*`): `wechatpay_qq` orders answered with `{url, referer}` like the forwarder's,
/// paid, queried, closed and refunded by the sandbox platform, whose signed v3 notifications
/// reach the WeChat Pay callback as QQ forwards them.
public struct SandboxWeChatPayQQProvider: PaymentProvider {
    public let name = "wechatpay_qq"
    let sandbox: SandboxPaymentProvider
    let referer: String

    public init(sandbox: SandboxPaymentProvider, referer: String) {
        self.sandbox = sandbox
        self.referer = referer
    }

    public func prepay(_ request: PrepayRequest) async throws -> PrepayResult {
        let placed = try await sandbox.prepay(request)
        let url = "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=\(placed.prepayID)&package=sandbox"
        return PrepayResult(prepayID: placed.prepayID, payParameters: PayParameters(["url": url, "referer": referer]))
    }

    public func refund(_ request: RefundSubmission) async throws -> ProviderRefund { try await sandbox.refund(request) }

    public func close(outTradeNo: String) async throws { try await sandbox.close(outTradeNo: outTradeNo) }

    public func query(outTradeNo: String) async throws -> ProviderTransaction? { try await sandbox.query(outTradeNo: outTradeNo) }
}
