/// The kind of an object id, which fixes its prefix (`ord_…`).
public struct IDKind: Hashable, Sendable {
    public let prefix: String

    public init(prefix: String) {
        self.prefix = prefix
    }

    public static let shop = IDKind(prefix: "shop_")
    public static let product = IDKind(prefix: "prod_")
    public static let user = IDKind(prefix: "usr_")
    public static let order = IDKind(prefix: "ord_")
    public static let payment = IDKind(prefix: "pay_")
    public static let refund = IDKind(prefix: "re_")
    public static let commission = IDKind(prefix: "cm_")
}
