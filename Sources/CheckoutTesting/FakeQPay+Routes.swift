import CheckoutCrypto
import CheckoutHTTP
import CheckoutQQ
import CheckoutThreads
import CheckoutWeChat

extension FakeQPay {
    /// The QQ Wallet endpoints the checkout uses, with QQ Wallet's error codes.
    func route(_ path: String, _ fields: XMLFields) -> Response {
        switch path {
        case QPayClient.unifiedOrderPath: unifiedOrder(fields)
        case QPayClient.orderQueryPath: query(fields)
        case QPayClient.closeOrderPath: close(fields)
        case QPayClient.refundPath: refund(fields)
        case QPayClient.refundQueryPath: refundQuery(fields)
        default: answer(return: "FAIL", "no such API")
        }
    }

    private func unifiedOrder(_ f: XMLFields) -> Response {
        guard f["trade_type"] == "MINIAPP", f["appid"] == appID, let no = f["out_trade_no"], (1...32).contains(no.utf8.count),
              let total = Int64(f["total_fee"] ?? ""), total > 0, f["fee_type"] == "CNY", !(f["body"] ?? "").isEmpty,
              !(f["notify_url"] ?? "").isEmpty, !(f["spbill_create_ip"] ?? "").isEmpty,
              f["time_expire"].map({ QPayTime.parse($0) != nil }) ?? true else { return refusal("PARAM_ERROR") }
        let refused = state.withLock { state -> String? in
            if let trade = state.trades[no] {
                if trade.state == "SUCCESS" || trade.state == "REFUND" { return "ORDERPAID" }
                if trade.state == "CLOSED" { return "ORDERCLOSED" }
                if trade.amount != total { return "PARAM_ERROR" }
            }
            state.trades[no] = Trade(amount: total)
            return nil
        }
        if let refused { return refusal(refused) }
        return answer(XMLFields([("appid", appID), ("trade_type", "MINIAPP"),
                                 ("prepay_id", "6V" + SecureRandom.alphanumeric(count: 30))]))
    }

    private func query(_ f: XMLFields) -> Response {
        let no = f["out_trade_no"] ?? ""
        guard let trade = state.withLock({ $0.trades[no] }) else { return refusal("ORDERNOTEXIST") }
        var out = fields(no, trade)
        out["nonce_str"] = nil
        out["mch_id"] = nil
        return answer(out)
    }

    private func close(_ f: XMLFields) -> Response {
        let no = f["out_trade_no"] ?? ""
        let refused = state.withLock { state -> String? in
            guard let trade = state.trades[no] else { return "ORDERNOTEXIST" }
            if trade.state == "SUCCESS" || trade.state == "REFUND" { return "ORDERPAID" }
            state.trades[no]?.state = "CLOSED"
            return nil
        }
        return refused.map(refusal) ?? answer(XMLFields([("out_trade_no", no)]))
    }

    private func refund(_ f: XMLFields) -> Response {
        guard f["op_user_id"] == operatorID, f["op_user_passwd"] == MD5.upperHex(operatorPassword).lowercased() else {
            return refusal("OPUSER_ERROR")
        }
        guard let refundNo = f["out_refund_no"], let fee = Int64(f["refund_fee"] ?? ""), fee > 0 else { return refusal("PARAM_ERROR") }
        let result = state.withLock { state -> Result<(String, String), FakeWeChatPay.FakeRefusal> in
            guard let (no, trade) = state.trades.first(where: { key, trade in
                (f["transaction_id"] != nil && trade.transactionID == f["transaction_id"]) || key == f["out_trade_no"]
            }), trade.transactionID != nil else { return .failure(.init(code: "ORDERNOTEXIST", status: 400)) }
            if let existing = trade.refunds.first(where: { $0.no == refundNo }) { return .success((no, existing.id)) }
            guard trade.refunds.reduce(0, { $0 + $1.fee }) + fee <= trade.amount else {
                return .failure(.init(code: "REFUND_FEE_INVALID", status: 400))
            }
            let id = "1900000109" + SecureRandom.alphanumeric(count: 12)
            state.trades[no]?.refunds.append((refundNo, id, fee))
            state.trades[no]?.state = "REFUND"
            return .success((no, id))
        }
        switch result {
        case .success(let (no, id)):
            return answer(XMLFields([("out_trade_no", no), ("out_refund_no", refundNo), ("refund_id", id),
                                     ("refund_fee", String(fee))]))
        case .failure(let refusal): return self.refusal(refusal.code)
        }
    }

    private func refundQuery(_ f: XMLFields) -> Response {
        let refundNo = f["out_refund_no"] ?? ""
        let found = state.withLock { state in
            state.trades.lazy.compactMap { no, trade in trade.refunds.first { $0.no == refundNo }.map { (no, $0) } }.first
        }
        guard let (no, refund) = found else { return refusal("REFUNDNOTEXIST") }
        return answer(XMLFields([("out_trade_no", no), ("refund_count", "1"), ("out_refund_no_0", refund.no),
                                 ("refund_id_0", refund.id), ("refund_fee_0", String(refund.fee)),
                                 ("refund_status_0", "SUCCESS")]))
    }
}
