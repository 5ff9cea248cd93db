/// `POST /v1/shops/{shop_id}/orders` body:
/// `{items?: [{product_id, quantity}], shipping: {name, phone, address, postal_code?}, share_code?, scene?, note?}`.
/// Without `items` the order buys the whole cart. `scene` may be a number or a numeric string.
public struct OrderDraft: Hashable, Sendable, Codable {
    public var items: [LineRequest]?
    public var shipping: Shipping
    public var shareCode: String?
    public var scene: Int?
    public var note: String?

    public init(items: [LineRequest]? = nil, shipping: Shipping, shareCode: String? = nil,
                scene: Int? = nil, note: String? = nil) {
        self.items = items
        self.shipping = shipping
        self.shareCode = shareCode
        self.scene = scene
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case items, shipping, scene, note
        case shareCode = "share_code"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        items = try c.decodeIfPresent([LineRequest].self, forKey: .items)
        shipping = try c.decode(Shipping.self, forKey: .shipping)
        shareCode = try c.decodeIfPresent(String.self, forKey: .shareCode)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        if let text = try? c.decodeIfPresent(String.self, forKey: .scene) {
            guard let number = Int(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .scene, in: c, debugDescription: "scene must be a number")
            }
            scene = number
        } else {
            scene = try c.decodeIfPresent(Int.self, forKey: .scene)
        }
    }

    /// Limits on the free-text parts.
    static let maximumLines = 100
    static let maximumNoteLength = 500
}
