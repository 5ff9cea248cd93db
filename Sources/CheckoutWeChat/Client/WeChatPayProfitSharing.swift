/// The bodies of WeChat Pay API v3 profit sharing (分账), as the platform spells them.
public enum WeChatPayProfitSharing {
    /// `POST /v3/profitsharing/receivers/add`.
    public struct ReceiverAdd: Codable, Sendable, Equatable {
        public var appid: String
        /// `PERSONAL_OPENID` for a shopper.
        public var type: String
        /// The openid under `appid`.
        public var account: String
        /// `DISTRIBUTOR`: the receiver earns on sales they brought.
        public var relationType: String

        public init(appid: String, account: String, type: String = "PERSONAL_OPENID", relationType: String = "DISTRIBUTOR") {
            self.appid = appid
            self.type = type
            self.account = account
            self.relationType = relationType
        }

        enum CodingKeys: String, CodingKey {
            case appid, type, account
            case relationType = "relation_type"
        }
    }

    /// One receiver of a split request.
    public struct Receiver: Codable, Sendable, Equatable {
        public var type: String
        public var account: String
        /// Fen.
        public var amount: Int
        public var description: String

        public init(account: String, amount: Int, description: String, type: String = "PERSONAL_OPENID") {
            self.type = type
            self.account = account
            self.amount = amount
            self.description = description
        }
    }

    /// `POST /v3/profitsharing/orders`.
    public struct OrderRequest: Codable, Sendable, Equatable {
        public var appid: String
        public var transactionID: String
        public var outOrderNo: String
        public var receivers: [Receiver]
        /// false: the rest stays frozen until our explicit unfreeze.
        public var unfreezeUnsplit: Bool

        public init(appid: String, transactionID: String, outOrderNo: String, receivers: [Receiver],
                    unfreezeUnsplit: Bool = false) {
            self.appid = appid
            self.transactionID = transactionID
            self.outOrderNo = outOrderNo
            self.receivers = receivers
            self.unfreezeUnsplit = unfreezeUnsplit
        }

        enum CodingKeys: String, CodingKey {
            case appid, receivers
            case transactionID = "transaction_id"
            case outOrderNo = "out_order_no"
            case unfreezeUnsplit = "unfreeze_unsplit"
        }
    }

    /// `POST /v3/profitsharing/orders/unfreeze`.
    public struct UnfreezeRequest: Codable, Sendable, Equatable {
        public var transactionID: String
        public var outOrderNo: String
        public var description: String

        public init(transactionID: String, outOrderNo: String, description: String) {
            self.transactionID = transactionID
            self.outOrderNo = outOrderNo
            self.description = description
        }

        enum CodingKeys: String, CodingKey {
            case description
            case transactionID = "transaction_id"
            case outOrderNo = "out_order_no"
        }
    }

    /// A split order as the platform answers it (create, query and unfreeze alike).
    public struct Order: Codable, Sendable, Equatable {
        /// `PROCESSING` or `FINISHED`.
        public var state: String
        public var transactionID: String
        public var outOrderNo: String
        public var orderID: String
        public var receivers: [ReceiverResult]?

        public init(state: String, transactionID: String, outOrderNo: String, orderID: String, receivers: [ReceiverResult]?) {
            self.state = state
            self.transactionID = transactionID
            self.outOrderNo = outOrderNo
            self.orderID = orderID
            self.receivers = receivers
        }

        enum CodingKeys: String, CodingKey {
            case state, receivers
            case transactionID = "transaction_id"
            case outOrderNo = "out_order_no"
            case orderID = "order_id"
        }
    }

    /// One receiver's result: `PENDING`, `SUCCESS` or `CLOSED` (with `fail_reason`).
    public struct ReceiverResult: Codable, Sendable, Equatable {
        public var type: String
        public var account: String
        public var amount: Int
        public var result: String
        public var failReason: String?
        public var detailID: String?

        public init(type: String, account: String, amount: Int, result: String, failReason: String? = nil,
                    detailID: String? = nil) {
            self.type = type
            self.account = account
            self.amount = amount
            self.result = result
            self.failReason = failReason
            self.detailID = detailID
        }

        enum CodingKeys: String, CodingKey {
            case type, account, amount, result
            case failReason = "fail_reason"
            case detailID = "detail_id"
        }
    }
}
