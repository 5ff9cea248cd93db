import CheckoutCore

/// The `POST /v1/shops/{shop_id}/orders` body read by hand on `JSONScanner` (Foundation's
/// `JSONDecoder` cost about 67k instructions an order). Anything the scanner does not take as
/// it stands (a wrong type, a missing field, a repeated field, a fraction, bad syntax) goes to
/// `JSONBody.decode`, so every error answer is the one the contract always gave.
enum OrderDraftDecoder {
    /// Decodes `bytes` as an `OrderDraft`.
    /// - Throws: `CheckoutError` `invalid_request` exactly as `JSONBody.decode(OrderDraft.self, from:)`.
    static func decode(_ bytes: [UInt8]) throws(CheckoutError) -> OrderDraft {
        if JSONTextGuard.fault(in: bytes) == nil, let draft = read(bytes) { return draft }
        return try JSONBody.decode(OrderDraft.self, from: bytes)
    }

    /// The draft, or nil when the text is anything but a well-typed order body.
    static func read(_ bytes: [UInt8]) -> OrderDraft? {
        var scanner = JSONScanner(bytes)
        var fields = Fields()
        guard scanner.object({ scanner, key in fields.read(key, &scanner) }), scanner.isAtEnd(),
              let shipping = fields.shipping else { return nil }
        return OrderDraft(items: fields.items, shipping: shipping, shareCode: fields.shareCode, scene: fields.scene,
                          note: fields.note)
    }

    private struct Fields {
        var items: [LineRequest]?
        var shipping: Shipping?
        var shareCode: String?
        var scene: Int?
        var note: String?
        /// Keys read so far, one bit each: a repeated one is left to `JSONBody`.
        var seen: UInt8 = 0

        mutating func read(_ key: String, _ scanner: inout JSONScanner) -> Bool {
            guard let bit = ["items", "shipping", "share_code", "scene", "note"].firstIndex(of: key) else {
                return scanner.skipValue()
            }
            guard seen & (1 << bit) == 0 else { return false }
            seen |= 1 << bit
            switch key {
            case "items":
                if scanner.null() { return true }
                var lines = [LineRequest]()
                guard scanner.array({ scanner in
                    guard let line = OrderDraftDecoder.line(&scanner) else { return false }
                    lines.append(line)
                    return true
                }) else { return false }
                items = lines
                return true
            case "shipping":
                shipping = OrderDraftDecoder.shipping(&scanner)
                return shipping != nil
            case "scene":
                // A number or a numeric string (`OrderDraft.init(from:)`).
                if scanner.null() { return true }
                if let text = scanner.string() {
                    scene = Int(text)
                } else {
                    scene = scanner.int()
                }
                return scene != nil
            default:
                return OrderDraftDecoder.optionalString(&scanner) { key == "note" ? (note = $0) : (shareCode = $0) }
            }
        }
    }

    /// `{product_id, quantity}`, each once.
    private static func line(_ scanner: inout JSONScanner) -> LineRequest? {
        var productID: String?, quantity: Int?
        guard scanner.object({ scanner, key in
            switch key {
            case "product_id" where productID == nil: productID = scanner.string(); return productID != nil
            case "quantity" where quantity == nil: quantity = scanner.int(); return quantity != nil
            case "product_id", "quantity": return false
            default: return scanner.skipValue()
            }
        }), let productID, let quantity else { return nil }
        return LineRequest(productID: productID, quantity: quantity)
    }

    /// `{name, phone, address, postal_code?}`, each once.
    private static func shipping(_ scanner: inout JSONScanner) -> Shipping? {
        var name: String?, phone: String?, address: String?, postalCode: String?
        var postalSeen = false
        guard scanner.object({ scanner, key in
            switch key {
            case "name" where name == nil: name = scanner.string(); return name != nil
            case "phone" where phone == nil: phone = scanner.string(); return phone != nil
            case "address" where address == nil: address = scanner.string(); return address != nil
            case "postal_code" where !postalSeen:
                postalSeen = true
                return optionalString(&scanner) { postalCode = $0 }
            case "name", "phone", "address", "postal_code": return false
            default: return scanner.skipValue()
            }
        }), let name, let phone, let address else { return nil }
        return Shipping(name: name, phone: phone, address: address, postalCode: postalCode)
    }

    /// A string or null, handed to `set`; false for anything else.
    private static func optionalString(_ scanner: inout JSONScanner, _ set: (String?) -> Void) -> Bool {
        if scanner.null() {
            set(nil)
            return true
        }
        guard let text = scanner.string() else { return false }
        set(text)
        return true
    }
}
