import CheckoutCrypto
import CheckoutHTTP
import CheckoutThreads
import CheckoutWeChat
import Foundation

extension FakeWeChatPay {
    /// The v3 endpoints the checkout uses, with WeChat Pay's error codes.
    func route(_ request: Request) -> Response {
        let path = request.path
        let prefix = "/v3/pay/transactions/out-trade-no/"
        switch (request.method, path) {
        case (.post, "/v3/pay/transactions/jsapi"):
            return prepay(request.body)
        case (.post, "/v3/pay/transactions/h5"), (.post, "/wxpay/v3/pay/transactions/h5"):
            // The second path: QQ's forwarder passing its own target through (FakeQQPlatform).
            return prepayH5(request.body)
        case (.post, "/v3/refund/domestic/refunds"):
            return refund(request.body)
        case (.post, _) where path.hasPrefix(prefix) && path.hasSuffix("/close"):
            return close(String(path.dropFirst(prefix.count).dropLast("/close".count)))
        case (.get, _) where path.hasPrefix(prefix):
            guard request.queryItems["mchid"] == merchantID else { return error(400, "PARAM_ERROR") }
            let no = String(path.dropFirst(prefix.count))
            guard let trade = withTrades({ $0[no] }) else { return error(404, "ORDER_NOT_EXIST") }
            return signed(200, encode(transaction(no, trade)))
        default:
            return profitSharingRoute(request) ?? error(404, "NOT_FOUND")
        }
    }

    private func prepay(_ body: [UInt8]) -> Response {
        guard let order = try? JSONDecoder().decode(WeChatPayJSAPIPrepay.self, from: Data(body)),
              order.appid == appID, order.mchid == merchantID, order.amount.total > 0, !order.notifyURL.isEmpty,
              !order.payer.openid.isEmpty, !order.description.isEmpty, (1...32).contains(order.outTradeNo.utf8.count)
        else { return error(400, "PARAM_ERROR") }
        let refused = withTrades { trades -> String? in
            if let trade = trades[order.outTradeNo] {
                if trade.state == .success { return "ORDERPAID" }
                if trade.state == .closed { return "ORDER_CLOSED" }
            }
            trades[order.outTradeNo] = Trade(amount: order.amount.total, currency: order.amount.currency,
                                             openid: order.payer.openid)
            return nil
        }
        if let refused { return error(400, refused) }
        return signed(200, Array(#"{"prepay_id":"wx\#(SecureRandom.alphanumeric(count: 30))"}"#.utf8))
    }

    private func prepayH5(_ body: [UInt8]) -> Response {
        guard let order = try? JSONDecoder().decode(WeChatPayH5Prepay.self, from: Data(body)),
              order.appid == appID, order.mchid == merchantID, order.amount.total > 0, !order.notifyURL.isEmpty,
              order.sceneInfo.h5Info.type == "Wap", !order.sceneInfo.payerClientIP.isEmpty,
              (1...32).contains(order.outTradeNo.utf8.count) else { return error(400, "PARAM_ERROR") }
        let refused = withTrades { trades -> String? in
            if let trade = trades[order.outTradeNo], trade.state == .success { return "ORDERPAID" }
            trades[order.outTradeNo] = Trade(amount: order.amount.total, currency: order.amount.currency, openid: "")
            return nil
        }
        if let refused { return error(400, refused) }
        let prepayID = "wx" + SecureRandom.alphanumeric(count: 30)
        return signed(200, Array(#"{"h5_url":"https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=\#(prepayID)&package=1"}"#.utf8))
    }

    private func refund(_ body: [UInt8]) -> Response {
        guard let request = try? JSONDecoder().decode(WeChatPayRefundRequest.self, from: Data(body)),
              request.amount.refund > 0 else { return error(400, "PARAM_ERROR") }
        let result = withTrades { trades -> Result<WeChatPayRefundAnswer, FakeRefusal> in
            guard let (no, trade) = trades.first(where: { key, trade in
                (request.transactionID != nil && trade.transactionID == request.transactionID)
                    || (request.outTradeNo != nil && key == request.outTradeNo)
            }), trade.state == .success else { return .failure(FakeRefusal(code: "RESOURCE_NOT_EXISTS", status: 404)) }
            if let existing = trade.refunds[request.outRefundNo] { return .success(existing) }
            let refunded = trade.refunds.values.filter { $0.status != .closed && $0.status != .abnormal }
                .reduce(0) { $0 + $1.amount.refund }
            guard request.amount.total == trade.amount, refunded + request.amount.refund <= trade.amount else {
                return .failure(FakeRefusal(code: "INVALID_REQUEST", status: 400))
            }
            let status = refundAnswerStatus.withLock { $0 }
            let answer = WeChatPayRefundAnswer(
                refundID: "50300" + SecureRandom.alphanumeric(count: 24), outRefundNo: request.outRefundNo,
                transactionID: trade.transactionID, outTradeNo: no, status: status,
                successTime: status == .success ? WeChatPayTime.format(Date()) : nil,
                createTime: WeChatPayTime.format(Date()), amount: .init(total: trade.amount, refund: request.amount.refund))
            trades[no]?.refunds[request.outRefundNo] = answer
            return .success(answer)
        }
        switch result {
        case .success(let answer): return signed(200, encode(answer))
        case .failure(let refusal): return error(refusal.status, refusal.code)
        }
    }

    private func close(_ no: String) -> Response {
        let refusal = withTrades { trades -> String? in
            guard let trade = trades[no] else { return "ORDER_NOT_EXIST" }
            if trade.state == .success { return "ORDERPAID" }
            trades[no]?.state = .closed
            return nil
        }
        switch refusal {
        case nil: return signed(204, [])
        case "ORDER_NOT_EXIST": return error(404, "ORDER_NOT_EXIST")
        default: return error(400, refusal ?? "")
        }
    }

    struct FakeRefusal: Error {
        var code: String
        var status: Int
    }
}
