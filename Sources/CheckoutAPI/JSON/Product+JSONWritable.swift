import CheckoutCore

extension Product: JSONWritable {
    /// The same object as `Product`'s `Encodable` form, in its documented field order.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", id)
        json.field("shop_id", shopID)
        json.field("title", title)
        json.field("description", description)
        json.field("image_url", imageURL)
        json.field("price", price)
        json.field("currency", currency.code)
        json.field("stock", stock)
        json.field("active", active)
        json.field("commission_bps", commissionBps.map(Int64.init))
        json.field("created_at", createdAt)
        json.field("updated_at", updatedAt)
        json.endObject()
    }
}
