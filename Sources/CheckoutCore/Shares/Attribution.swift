/// Who an order is credited to (API.md "Attribution"): the link its `share_code` names, when
/// that link is of the same shop, the order is placed within 7 days after a click on it, and
/// the buyer is not the link's own sharer (a self-share credits nobody).
public enum Attribution {
    /// How long after a click an order still counts for the link.
    public static let windowSeconds: Int64 = 7 * 86_400

    /// The link to credit, or nil.
    /// - Parameters:
    ///   - link: the link named by the order's `share_code`, if it exists.
    ///   - lastClickAt: the latest click on that link (by anyone) at or before `placedAt`.
    public static func creditedLink(_ link: ShareLink?, lastClickAt: Timestamp?, shopID: String, buyerID: String,
                                    placedAt: Timestamp) -> ShareLink? {
        guard let link, link.shopID == shopID, link.sharerID != buyerID, let lastClickAt,
              lastClickAt <= placedAt,
              placedAt.milliseconds - lastClickAt.milliseconds <= windowSeconds * 1000 else { return nil }
        return link
    }
}
