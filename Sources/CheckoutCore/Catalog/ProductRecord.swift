/// A stored product as its store holds it, read in place for writing straight into a
/// response: text as UTF-8 bytes borrowed from the store's own buffers, numbers as stored.
///
/// Valid only inside the callback that receives it (the store reuses its buffers when the
/// callback returns): never keep a pointer. `product` makes the model (copies the text).
public struct ProductRecord {
    public var id: UnsafeBufferPointer<UInt8>
    public var shopID: UnsafeBufferPointer<UInt8>
    public var title: UnsafeBufferPointer<UInt8>
    public var description: UnsafeBufferPointer<UInt8>?
    public var imageURL: UnsafeBufferPointer<UInt8>?
    /// Minor units of `currency`.
    public var price: Int64
    public var currency: UnsafeBufferPointer<UInt8>
    /// Units left; nil is unlimited.
    public var stock: Int64?
    public var active: Bool
    public var commissionBps: Int64?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(id: UnsafeBufferPointer<UInt8>, shopID: UnsafeBufferPointer<UInt8>, title: UnsafeBufferPointer<UInt8>,
                description: UnsafeBufferPointer<UInt8>?, imageURL: UnsafeBufferPointer<UInt8>?, price: Int64,
                currency: UnsafeBufferPointer<UInt8>, stock: Int64?, active: Bool, commissionBps: Int64?,
                createdAt: Timestamp, updatedAt: Timestamp) {
        self.id = id
        self.shopID = shopID
        self.title = title
        self.description = description
        self.imageURL = imageURL
        self.price = price
        self.currency = currency
        self.stock = stock
        self.active = active
        self.commissionBps = commissionBps
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The model, its text decoded as a store's row reader decodes it (ill-formed UTF-8
    /// repaired with U+FFFD).
    public var product: Product {
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        return Product(id: text(id), shopID: text(shopID), title: text(title), description: description.map(text),
                       imageURL: imageURL.map(text), price: price, currency: Currency(unchecked: text(currency)),
                       stock: stock, active: active, commissionBps: commissionBps.map { Int($0) },
                       createdAt: createdAt, updatedAt: updatedAt)
    }
}
