/// The pure rules for turning requested lines and their products into order items.
/// Store implementations call these inside their transaction, on products read there.
public enum OrderPricing {
    /// Checks that `product` exists, belongs to `shopID` and is active; the stock itself is
    /// reserved by the store's guarded decrement.
    /// - Parameter param: the line's JSON path, e.g. `items[0]`.
    public static func check(_ line: LineRequest, product: Product?, shopID: String,
                             param: String) throws(CheckoutError) -> Product {
        guard let product, product.shopID == shopID else {
            throw .invalidRequest("No such product in this shop: \(line.productID).", param: "\(param).product_id")
        }
        guard product.active else {
            throw .invalidRequest("The product \(line.productID) is not for sale.", param: "\(param).product_id")
        }
        guard LineRequest.quantityRange.contains(line.quantity) else {
            throw .invalidRequest("quantity must be between 1 and 999.", param: "\(param).quantity")
        }
        return product
    }

    /// The error for a line whose stock could not be reserved.
    public static func outOfStock(_ line: LineRequest, product: Product, param: String) -> CheckoutError {
        .outOfStock("Not enough stock of \(product.title) for \(line.quantity).", param: "\(param).quantity")
    }

    /// The snapshot of one line: title and unit price as they are now, line total overflow-checked.
    public static func item(_ line: LineRequest, product: Product, param: String) throws(CheckoutError) -> OrderItem {
        let lineTotal = try product.unitPrice.multiplied(by: Int64(line.quantity), param: "\(param).quantity")
        return OrderItem(productID: product.id, title: product.title, unitPrice: product.price,
                         quantity: line.quantity, lineTotal: lineTotal.amount)
    }

    /// The sum of the items' totals, overflow-checked.
    public static func total(_ items: [OrderItem], currency: Currency) throws(CheckoutError) -> Money {
        var total = Money.zero(currency)
        for item in items {
            total = try total.adding(Money(item.lineTotal, currency), param: "items")
        }
        return total
    }

    /// The JSON path prefix of line `index`: `items[i]`, or `cart.items[i]` when buying the cart.
    public static func param(index: Int, fromCart: Bool) -> String {
        fromCart ? "cart.items[\(index)]" : "items[\(index)]"
    }
}
