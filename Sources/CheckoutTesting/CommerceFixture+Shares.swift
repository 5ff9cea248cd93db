import Foundation

extension CommerceFixture {
    /// Makes a share link for `productID` of `shopID` as `token`'s shopper and clicks it once, so
    /// that orders naming it are credited to that shopper; returns its code.
    public func shareAndClick(_ token: String, shopID: String, productID: String) async throws -> String {
        let link = try await client.post("/v1/share-links", json: #"{"shop_id":"\#(shopID)","product_id":"\#(productID)"}"#,
                                         headers: Self.bearer(token))
        try Self.expect(link, 201, "share link")
        guard let code = link.json["code"] as? String else { throw TestError("share link: \(link.text)") }
        _ = try await client.get("/s/\(code)")
        return code
    }

    /// An order body of `quantity` × `productID` naming `shareCode`.
    public static func sharedOrderBody(_ productID: String, quantity: Int = 1, shareCode: String) -> String {
        #"{"items":[{"product_id":"\#(productID)","quantity":\#(quantity)}],"share_code":"\#(shareCode)","shipping":\#(shipping)}"#
    }
}
