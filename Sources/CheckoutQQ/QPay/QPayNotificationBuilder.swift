import CheckoutCrypto
import CheckoutWeChat
import Foundation

/// Builds QQ Wallet payment notifications, signed as QQ Wallet signs them: what the sandbox
/// delivers and what the test platform sends.
public struct QPayNotificationBuilder: Sendable {
    let signature: QPaySignature
    public let merchantID: String
    public let appID: String

    public init(apiKey: String, merchantID: String, appID: String) {
        signature = QPaySignature(apiKey: apiKey)
        self.merchantID = merchantID
        self.appID = appID
    }

    /// A trade's fields as notifications and order queries report them (unsigned).
    /// - Parameter merchantID: the `mch_id` to report (default: ours).
    public func fields(outTradeNo: String, state: String, amount: Int64, transactionID: String?,
                       openid: String = "qq-payer-openid", merchantID: String? = nil, paidAt: Date = Date()) -> XMLFields {
        var fields = XMLFields([
            ("appid", appID), ("mch_id", merchantID ?? self.merchantID), ("nonce_str", SecureRandom.alphanumeric(count: 32)),
            ("trade_type", "MINIAPP"), ("trade_state", state), ("bank_type", "BALANCE"), ("fee_type", "CNY"),
            ("total_fee", String(amount)), ("cash_fee", String(amount)), ("out_trade_no", outTradeNo), ("openid", openid),
        ])
        if let transactionID {
            fields["transaction_id"] = transactionID
            fields["time_end"] = QPayTime.format(paidAt)
        }
        return fields
    }

    /// A signed `trade_state=SUCCESS` notification body.
    public func paid(outTradeNo: String, amount: Int64, transactionID: String, merchantID: String? = nil) -> [UInt8] {
        signature.signed(fields(outTradeNo: outTradeNo, state: "SUCCESS", amount: amount, transactionID: transactionID,
                                merchantID: merchantID)).encoded()
    }

    /// A new QQ Wallet style transaction id (digits).
    public static func transactionID() -> String {
        "1900000109" + (0..<18).map { _ in String(Int.random(in: 0...9)) }.joined()
    }
}
