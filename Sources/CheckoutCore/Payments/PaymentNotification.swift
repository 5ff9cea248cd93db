/// A platform notification whose signature, timestamp and serial were verified and whose
/// resource was decrypted: what `PaymentService.apply` takes. Unverified requests never
/// become one.
public struct PaymentNotification: Sendable {
    /// The provider whose keys verified it.
    public var provider: String
    /// The platform's notification id; repeats of one event share it.
    public var notificationID: String
    /// `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`, ….
    public var eventType: String
    /// The body exactly as received (its resource still encrypted), kept for the audit.
    public var rawBody: [UInt8]
    /// The decrypted resource JSON, kept for the audit.
    public var resource: [UInt8]?
    /// `Wechatpay-Serial`.
    public var serial: String?
    public var event: Event

    /// What the notification reports.
    public enum Event: Sendable {
        case transaction(ProviderTransaction)
        case refund(ProviderRefund)
        /// An event type this service does not act on; stored and acknowledged.
        case unsupported
    }

    public init(provider: String, notificationID: String, eventType: String, rawBody: [UInt8],
                resource: [UInt8]?, serial: String?, event: Event) {
        self.provider = provider
        self.notificationID = notificationID
        self.eventType = eventType
        self.rawBody = rawBody
        self.resource = resource
        self.serial = serial
        self.event = event
    }
}
