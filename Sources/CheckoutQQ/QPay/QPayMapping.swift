import CheckoutCore
import Foundation

/// Translations between QQ Wallet's XML fields and the domain's shapes.
public enum QPayMapping {
    /// A trade (notification or order query) as the domain sees it; `mch_id` and `appid`
    /// decide whether it is ours.
    /// - Throws: `PaymentProviderError` `.invalidResponse` when `out_trade_no` or `total_fee` is unusable.
    public static func transaction(_ fields: XMLFields, merchantID: String, appID: String) throws(PaymentProviderError) -> ProviderTransaction {
        guard let outTradeNo = fields["out_trade_no"], !outTradeNo.isEmpty, outTradeNo.utf8.count <= 64,
              let totalText = fields["total_fee"], let total = Int64(totalText), total >= 0 else {
            throw PaymentProviderError(.invalidResponse, "a QQ Wallet trade without a usable out_trade_no or total_fee")
        }
        let stateName = fields["trade_state"] ?? ""
        let state: ProviderTransaction.State = switch stateName {
        case "SUCCESS": .paid
        case "REFUND": .refunded
        case "NOTPAY", "USERPAYING": .unpaid
        case "CLOSED", "REVOKED", "PAYERROR": .closed
        default: .other(String(stateName.prefix(32)))
        }
        let transactionID = fields["transaction_id"].flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        let appMatches = fields["appid"].map { $0.isEmpty || $0 == appID } ?? true
        return ProviderTransaction(outTradeNo: outTradeNo, transactionID: transactionID, state: state, amount: total,
                                   currency: fields["fee_type"] ?? "CNY",
                                   paidAt: fields["time_end"].flatMap(QPayTime.parse).map(Timestamp.init),
                                   payerOpenID: fields["openid"], isForThisMerchant: fields["mch_id"] == merchantID && appMatches)
    }

    /// The refund with `out_refund_no` in a `qpay_refund_query.cgi` answer (`…_$n` fields).
    public static func refund(_ fields: XMLFields, outRefundNo: String, outTradeNo: String,
                              amount: Int64) -> ProviderRefund? {
        let count = Int(fields["refund_count"] ?? "") ?? 0
        for index in 0..<min(count, 50) where fields["out_refund_no_\(index)"] == outRefundNo {
            let status = fields["refund_status_\(index)"] ?? ""
            let state: ProviderRefund.State = switch status {
            case "SUCCESS": .succeeded
            case "PROCESSING", "NOTSURE": .processing
            case "FAIL", "CHANGE": .abnormal
            default: .other(String(status.prefix(32)))
            }
            let fee = Int64(fields["refund_fee_\(index)"] ?? "") ?? amount
            return ProviderRefund(outRefundNo: outRefundNo, outTradeNo: outTradeNo, refundID: fields["refund_id_\(index)"],
                                  state: state, amount: fee)
        }
        return nil
    }

    /// The order's `body`: the items' titles, at most 32 characters (QQ Wallet's limit is bytes
    /// in GBK; 32 characters stay within it).
    public static func body(of order: Order) -> String {
        let titles = order.items.map(\.title)
        var text = titles.first ?? "Order \(order.id)"
        if titles.count > 1 { text += " +\(titles.count - 1)" }
        return String(text.prefix(32))
    }
}
