/// The outer JSON of a WeChat Pay API v3 notification, before decryption.
public struct WeChatPayNotification: Codable, Sendable, Equatable {
    /// The encrypted payload.
    public struct Resource: Codable, Sendable, Equatable {
        /// The AEAD algorithm; only `AEAD_AES_256_GCM` is defined.
        public var algorithm: String
        /// Base64 of `ciphertext || 16-byte tag`.
        public var ciphertext: String
        /// Authenticated associated data (`transaction`, `refund`, …); absent means empty.
        public var associatedData: String?
        /// The object type inside: `transaction` or `refund`.
        public var originalType: String
        /// The 12-character nonce, used as its ASCII bytes.
        public var nonce: String

        public init(algorithm: String = "AEAD_AES_256_GCM", ciphertext: String, associatedData: String?,
                    originalType: String, nonce: String) {
            self.algorithm = algorithm
            self.ciphertext = ciphertext
            self.associatedData = associatedData
            self.originalType = originalType
            self.nonce = nonce
        }

        enum CodingKeys: String, CodingKey {
            case algorithm, ciphertext, nonce
            case associatedData = "associated_data"
            case originalType = "original_type"
        }
    }

    /// The notification ID, unique per event (repeats of one event share it).
    public var id: String
    /// When the platform created it, RFC 3339 (see `WeChatPayTime`).
    public var createTime: String
    /// `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`, ….
    public var eventType: WeChatPayEventType
    /// `encrypt-resource`.
    public var resourceType: String
    /// The encrypted payload.
    public var resource: Resource
    /// A human-readable summary, e.g. `支付成功`.
    public var summary: String

    public init(id: String, createTime: String, eventType: WeChatPayEventType,
                resourceType: String = "encrypt-resource", resource: Resource, summary: String) {
        self.id = id
        self.createTime = createTime
        self.eventType = eventType
        self.resourceType = resourceType
        self.resource = resource
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case id, resource, summary
        case createTime = "create_time"
        case eventType = "event_type"
        case resourceType = "resource_type"
    }
}
