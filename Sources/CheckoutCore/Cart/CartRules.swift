/// The pure rules of cart edits and pricing (docs/API.md "Cart").
public enum CartRules {
    /// New quantity after adding `quantity` of a product named in the request body.
    public static func add(_ quantity: Int, product: Product?, current: Int?, shopID: String,
                           productID: String) throws(CheckoutError) -> Int {
        guard let product, product.shopID == shopID else {
            throw .invalidRequest("No such product in this shop: \(productID).", param: "product_id")
        }
        guard product.active else {
            throw .invalidRequest("The product \(productID) is not for sale.", param: "product_id")
        }
        guard LineRequest.quantityRange.contains(quantity) else {
            throw .invalidRequest("quantity must be between 1 and 999.", param: "quantity")
        }
        let total = (current ?? 0) + quantity
        guard total <= LineRequest.quantityRange.upperBound else {
            throw .invalidRequest("A cart line holds at most 999; it has \(current ?? 0).", param: "quantity")
        }
        try checkStock(total, product: product)
        return total
    }

    /// New quantity when setting a line (path product id) to `quantity`; 0 removes it.
    public static func set(_ quantity: Int, product: Product?, current: Int?,
                           shopID: String) throws(CheckoutError) -> Int {
        guard (0...LineRequest.quantityRange.upperBound).contains(quantity) else {
            throw .invalidRequest("quantity must be between 0 and 999.", param: "quantity")
        }
        if quantity == 0 { return 0 }
        guard current != nil, let product, product.shopID == shopID, product.active else {
            throw .notFound("No such item in the cart.")
        }
        try checkStock(quantity, product: product)
        return quantity
    }

    private static func checkStock(_ quantity: Int, product: Product) throws(CheckoutError) {
        if let stock = product.stock, Int64(quantity) > stock {
            throw .outOfStock("Only \(stock) of \(product.title) left.", param: "quantity")
        }
    }

    /// The cart at today's prices; `subtotal` sums available lines.
    public static func cart(shopID: String, currency: Currency, lines: [CartLine]) throws(CheckoutError) -> Cart {
        var subtotal = Money.zero(currency)
        var items = [CartItem]()
        items.reserveCapacity(lines.count)
        for line in lines {
            let lineTotal = try line.product.unitPrice.multiplied(by: Int64(line.quantity))
            let available = line.product.canSell(line.quantity) && line.product.currency == currency
            if available { subtotal = try subtotal.adding(lineTotal) }
            items.append(CartItem(productID: line.product.id, title: line.product.title,
                                  unitPrice: line.product.price, quantity: line.quantity,
                                  lineTotal: lineTotal.amount, available: available))
        }
        return Cart(shopID: shopID, items: items, subtotal: subtotal.amount, currency: currency)
    }
}
