import CheckoutCore
import CheckoutCrypto

/// Turns a `POST /v1/payment-callbacks/qpay` body into a verified `PaymentNotification`: the XML
/// parsed strictly within its limits, the MD5 `sign` verified with `QPAY_API_KEY`, the trade
/// mapped (merchant and app decide whether it is ours; amount and order are checked when it is
/// applied). Repeats of one trade's state share a notification id.
public struct QPayNotificationReader: Sendable {
    let signature: QPaySignature
    let merchantID: String
    let appID: String
    let limits: XMLFlatParser.Limits

    public init(apiKey: String, merchantID: String, appID: String, limits: XMLFlatParser.Limits = .init()) {
        signature = QPaySignature(apiKey: apiKey)
        self.merchantID = merchantID
        self.appID = appID
        self.limits = limits
    }

    /// - Throws: `QPayNotificationRejection`; nothing may be applied then.
    public func read(body: [UInt8]) throws(QPayNotificationRejection) -> PaymentNotification {
        let fields: XMLFields
        do {
            fields = try XMLFlatParser.parse(body, limits: limits)
        } catch {
            throw .unreadable(error.description)
        }
        guard fields.root == "xml" else { throw .unreadable("the root element is not <xml>") }
        guard signature.verify(fields) else { throw .unverified }
        let transaction: ProviderTransaction
        do {
            transaction = try QPayMapping.transaction(fields, merchantID: merchantID, appID: appID)
        } catch {
            throw .unreadable(error.message)
        }
        let state = String((fields["trade_state"] ?? "UNKNOWN").prefix(32))
        let id = "\(transaction.transactionID ?? transaction.outTradeNo):\(state)"
        return PaymentNotification(provider: "qpay", notificationID: String(id.prefix(128)), eventType: "TRANSACTION.\(state)",
                                   rawBody: body, resource: nil, serial: nil, event: .transaction(transaction))
    }
}

/// Why a QQ Wallet notification was refused; QQ Wallet retries it.
public enum QPayNotificationRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not XML we accept (malformed, hostile, too large) or without the fields of a trade.
    case unreadable(String)
    /// The `sign` does not verify with our key.
    case unverified

    /// 401 for a bad signature, 400 for an unreadable body.
    public var status: Int {
        switch self {
        case .unverified: 401
        case .unreadable: 400
        }
    }

    public var description: String {
        switch self {
        case .unverified: "signature verification failed"
        case .unreadable(let why): "unreadable: \(why)"
        }
    }
}
