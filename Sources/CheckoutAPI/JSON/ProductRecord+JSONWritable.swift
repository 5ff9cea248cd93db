import CheckoutCore

extension ProductRecord: JSONWritable {
    /// The bytes `Product.write(to:)` writes for `product`, straight from the stored bytes:
    /// each text scanned once, then the whole object in one reserved stretch. Text that is not
    /// well-formed UTF-8 takes the model's path, which repairs it as a `String` does.
    public func write(to json: inout JSONWriter) {
        let id = ScannedText(self.id), shop = ScannedText(shopID), title = ScannedText(self.title)
        let currency = ScannedText(self.currency)
        let description = self.description.map(ScannedText.init), image = imageURL.map(ScannedText.init)
        guard id.isWellFormed, shop.isWellFormed, title.isWellFormed, currency.isWellFormed,
              description?.isWellFormed ?? true, image?.isWellFormed ?? true else {
            return product.write(to: &json)
        }
        let texts = id.maximum + shop.maximum + title.maximum + currency.maximum
            + (description?.maximum ?? 4) + (image?.maximum ?? 4)
        json.raw(maximum: Self.literalsAndNumbers + texts) { out in
            out.copy(#"{"id":"#)
            out.quoted(id)
            out.copy(#","shop_id":"#)
            out.quoted(shop)
            out.copy(#","title":"#)
            out.quoted(title)
            out.copy(#","description":"#)
            out.quoted(orNull: description)
            out.copy(#","image_url":"#)
            out.quoted(orNull: image)
            out.copy(#","price":"#)
            out.integer(price)
            out.copy(#","currency":"#)
            out.quoted(currency)
            out.copy(#","stock":"#)
            out.integer(orNull: stock)
            out.copy(active ? #","active":true"# : #","active":false"#)
            out.copy(#","commission_bps":"#)
            out.integer(orNull: commissionBps)
            out.copy(#","created_at":"#)
            out.timestamp(createdAt)
            out.copy(#","updated_at":"#)
            out.timestamp(updatedAt)
            out.byte(UInt8(ascii: "}"))
        }
    }

    /// The member names and punctuation (146 bytes), three integers and two timestamps at most.
    static let literalsAndNumbers = 160 + 3 * JSONCursor.maximumInteger + 2 * JSONCursor.maximumTimestamp
}
