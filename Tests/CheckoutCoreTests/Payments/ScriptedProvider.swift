import CheckoutThreads
@testable import CheckoutCore

/// A payment provider whose answers the test sets, recording every call.
final class ScriptedProvider: PaymentProvider {
    let name: String
    struct Script {
        var prepayError: PaymentProviderError?
        var refundError: PaymentProviderError?
        var refundState: ProviderRefund.State = .processing
        var closeError: PaymentProviderError?
        var queryError: PaymentProviderError?
        /// What `query` answers, by order id.
        var transactions: [String: ProviderTransaction] = [:]
        var calls: [String] = []
    }
    let script = Locked(Script())

    init(name: String = "wechatpay") {
        self.name = name
    }

    func update(_ change: (inout Script) -> Void) { script.withLock { change(&$0) } }
    var calls: [String] { script.withLock { $0.calls } }

    func prepay(_ request: PrepayRequest) async throws -> PrepayResult {
        let error = script.withLock { $0.calls.append("prepay \(request.order.id)"); return $0.prepayError }
        if let error { throw error }
        return PrepayResult(prepayID: "prepay-\(request.order.id)", payParameters: PayParameters(
            appID: "wx-app", timeStamp: "1", nonceStr: "n", package: "prepay_id=prepay-\(request.order.id)",
            signType: "RSA", paySign: "sig"))
    }

    func refund(_ request: RefundSubmission) async throws -> ProviderRefund {
        let (error, state) = script.withLock { s in
            s.calls.append("refund \(request.refundID) \(request.amount)")
            return (s.refundError, s.refundState)
        }
        if let error { throw error }
        return ProviderRefund(outRefundNo: request.refundID, outTradeNo: request.orderID, refundID: "wx-\(request.refundID)",
                              state: state, amount: request.amount)
    }

    func close(outTradeNo: String) async throws {
        let error = script.withLock { $0.calls.append("close \(outTradeNo)"); return $0.closeError }
        if let error { throw error }
    }

    func query(outTradeNo: String) async throws -> ProviderTransaction? {
        let (error, tx) = script.withLock { s in
            s.calls.append("query \(outTradeNo)")
            return (s.queryError, s.transactions[outTradeNo])
        }
        if let error { throw error }
        return tx
    }

    static let down = PaymentProviderError(.unreachable, "connection refused")
    static let slow = PaymentProviderError(.timedOut, "no answer")
    static let orderPaid = PaymentProviderError(.rejected, code: "ORDERPAID", httpStatus: 400, "paid")
}
