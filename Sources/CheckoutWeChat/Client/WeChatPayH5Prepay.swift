import CheckoutCore
import Foundation

/// The body of `POST /v3/pay/transactions/h5` (WeChat Pay H5, as QQ mini programs use it
/// through QQ's forwarder); the answer is `{"h5_url": "…"}`.
public struct WeChatPayH5Prepay: Codable, Sendable, Equatable {
    public struct SceneInfo: Codable, Sendable, Equatable {
        public struct H5Info: Codable, Sendable, Equatable {
            /// `Wap`.
            public var type: String
        }

        public var payerClientIP: String
        public var h5Info: H5Info

        enum CodingKeys: String, CodingKey {
            case payerClientIP = "payer_client_ip"
            case h5Info = "h5_info"
        }
    }

    public var appid: String
    public var mchid: String
    public var description: String
    public var outTradeNo: String
    public var timeExpire: String?
    public var notifyURL: String
    public var amount: WeChatPayJSAPIPrepay.Amount
    public var sceneInfo: SceneInfo

    public init(appid: String, mchid: String, description: String, outTradeNo: String, timeExpire: String?,
                notifyURL: String, amount: WeChatPayJSAPIPrepay.Amount, payerClientIP: String) {
        self.appid = appid
        self.mchid = mchid
        self.description = description
        self.outTradeNo = outTradeNo
        self.timeExpire = timeExpire
        self.notifyURL = notifyURL
        self.amount = amount
        sceneInfo = SceneInfo(payerClientIP: payerClientIP, h5Info: .init(type: "Wap"))
    }

    /// The JSON body, keys sorted.
    public func jsonBody() throws(PaymentProviderError) -> [UInt8] {
        try WeChatPayClient.encode(self)
    }

    enum CodingKeys: String, CodingKey {
        case appid, mchid, description, amount
        case outTradeNo = "out_trade_no"
        case timeExpire = "time_expire"
        case notifyURL = "notify_url"
        case sceneInfo = "scene_info"
    }
}
