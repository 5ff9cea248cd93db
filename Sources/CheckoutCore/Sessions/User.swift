/// The chat platform a shopper logged in through.
public enum ShopperPlatform: String, Hashable, Sendable, Codable, CaseIterable {
    case wechat
    /// Mobile QQ mini programs; a QQ openid is another shopper than any WeChat openid.
    case qq
    /// Local testing and demos (`CHECKOUT_SANDBOX=1`): the login code is the openid.
    case sandbox
}

/// A shopper, unique per platform and openid. Encodes as `{id, platform, openid, created_at}`.
public struct User: Hashable, Sendable, Codable {
    public var id: String
    public var platform: ShopperPlatform
    public var openid: String
    public var createdAt: Timestamp

    public init(id: String, platform: ShopperPlatform, openid: String, createdAt: Timestamp) {
        self.id = id
        self.platform = platform
        self.openid = openid
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, platform, openid
        case createdAt = "created_at"
    }
}
