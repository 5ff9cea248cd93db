import CheckoutCore

/// Profit sharing through WeChat Pay: receivers are the sharers' openids under our AppID;
/// splits keep the rest frozen until `releaseRest`.
extension WeChatPayProvider: ProfitSharingProvider {
    public func addReceiver(openID: String) async throws {
        let body = WeChatPayProfitSharing.ReceiverAdd(appid: client.configuration.appID, account: openID)
        try await client.addReceiver(body)
    }

    public func split(_ request: ProfitSharingSplit) async throws -> ProfitSharingResult {
        guard let amount = Int(exactly: request.amount), amount > 0 else {
            throw PaymentProviderError(.rejected, "A split must be a positive amount.")
        }
        let body = WeChatPayProfitSharing.OrderRequest(
            appid: client.configuration.appID, transactionID: request.transactionID, outOrderNo: request.outOrderNo,
            receivers: [.init(account: request.receiverOpenID, amount: amount,
                              description: String(request.description.prefix(80)))])
        let order = try await client.profitSharing(body)
        return Self.result(order, receiver: request.receiverOpenID)
    }

    public func querySplit(outOrderNo: String, transactionID: String) async throws -> ProfitSharingResult? {
        try await client.queryProfitSharing(outOrderNo: outOrderNo, transactionID: transactionID).map { Self.result($0, receiver: nil) }
    }

    public func releaseRest(transactionID: String, outOrderNo: String) async throws -> ProfitSharingResult {
        let body = WeChatPayProfitSharing.UnfreezeRequest(transactionID: transactionID, outOrderNo: outOrderNo,
                                                          description: "解冻剩余资金")
        let order = try await client.unfreeze(body)
        return Self.result(order, receiver: nil)
    }

    /// FINISHED with the receiver's SUCCESS is success, CLOSED a failure; anything else runs.
    /// - Parameter receiver: the openid to read the result of (nil: the first personal
    ///   receiver; for a release, the order's state alone).
    static func result(_ order: WeChatPayProfitSharing.Order, receiver: String?) -> ProfitSharingResult {
        let personal = order.receivers?.first { $0.type == "PERSONAL_OPENID" && (receiver == nil || $0.account == receiver) }
        let state: ProfitSharingResult.State
        switch (order.state, personal?.result) {
        case (_, "CLOSED"?): state = .failed(reason: personal?.failReason ?? "CLOSED")
        case ("FINISHED", "SUCCESS"?), ("FINISHED", nil): state = .succeeded
        default: state = .processing
        }
        return ProfitSharingResult(outOrderNo: order.outOrderNo, platformOrderID: order.orderID, state: state)
    }
}
