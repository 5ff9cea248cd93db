import CheckoutCore

/// Profit sharing (分账) calls: signed and verified like every other v3 call.
extension WeChatPayClient {
    /// Adds a receiver; the platform answers the receiver (adding one twice is not an error).
    public func addReceiver(_ body: WeChatPayProfitSharing.ReceiverAdd) async throws(PaymentProviderError) {
        _ = try await send("POST", "/v3/profitsharing/receivers/add", body: try Self.encode(body))
    }

    /// Requests a split; an `out_order_no` already used answers that split.
    public func profitSharing(_ body: WeChatPayProfitSharing.OrderRequest) async throws(PaymentProviderError)
        -> WeChatPayProfitSharing.Order {
        let answer = try await send("POST", "/v3/profitsharing/orders", body: try Self.encode(body))
        return try Self.decode(WeChatPayProfitSharing.Order.self, answer.body)
    }

    /// The split `outOrderNo` of `transactionID`, or nil when the platform knows none.
    public func queryProfitSharing(outOrderNo: String, transactionID: String) async throws(PaymentProviderError)
        -> WeChatPayProfitSharing.Order? {
        let path = "/v3/profitsharing/orders/\(try Self.pathSegment(outOrderNo, maxLength: 64))"
            + "?transaction_id=\(try Self.pathSegment(transactionID, maxLength: 64))"
        do {
            let answer = try await send("GET", path, body: [])
            return try Self.decode(WeChatPayProfitSharing.Order.self, answer.body)
        } catch where error.kind == .rejected && error.httpStatus == 404 {
            return nil
        }
    }

    /// Releases the unsplit rest of a transaction to the merchant.
    public func unfreeze(_ body: WeChatPayProfitSharing.UnfreezeRequest) async throws(PaymentProviderError)
        -> WeChatPayProfitSharing.Order {
        let answer = try await send("POST", "/v3/profitsharing/orders/unfreeze", body: try Self.encode(body))
        return try Self.decode(WeChatPayProfitSharing.Order.self, answer.body)
    }
}
