import CheckoutCore

extension Order: JSONWritable {
    /// The same object as `Order`'s `Encodable` form (every field, nulls explicit), written
    /// without `JSONEncoder`: an order's answer is encoded on the writer thread, inside the
    /// transaction that stores it with its Idempotency-Key.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", id)
        json.field("shop_id", shopID)
        json.field("user_id", userID)
        json.field("status", status.rawValue)
        json.key("items")
        json.beginArray()
        for item in items { item.write(to: &json) }
        json.endArray()
        json.field("amount_total", amountTotal)
        json.field("currency", currency.code)
        json.key("shipping")
        shipping.write(to: &json)
        json.field("share_code", shareCode)
        json.field("scene", scene.map(Int64.init))
        json.field("note", note)
        json.field("created_at", createdAt)
        json.field("expires_at", expiresAt)
        json.field("paid_at", paidAt)
        json.field("cancelled_at", cancelledAt)
        json.field("cancellation_reason", cancellationReason?.rawValue)
        json.field("fulfilled_at", fulfilledAt)
        json.field("completed_at", completedAt)
        json.key("fulfillment")
        if let fulfillment {
            json.beginObject()
            json.field("carrier", fulfillment.carrier)
            json.field("tracking_number", fulfillment.trackingNumber)
            json.endObject()
        } else {
            json.null()
        }
        json.key("payment")
        if let payment {
            json.beginObject()
            json.field("id", payment.id)
            json.field("provider", payment.provider)
            json.field("transaction_id", payment.transactionID)
            json.endObject()
        } else {
            json.null()
        }
        json.key("refunds")
        json.beginArray()
        for refund in refunds {
            json.beginObject()
            json.field("id", refund.id)
            json.field("amount", refund.amount)
            json.field("status", refund.status)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}

extension OrderItem: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("product_id", productID)
        json.field("title", title)
        json.field("unit_price", unitPrice)
        json.field("quantity", Int64(quantity))
        json.field("line_total", lineTotal)
        json.endObject()
    }
}

extension Shipping: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("name", name)
        json.field("phone", phone)
        json.field("address", address)
        json.field("postal_code", postalCode)
        json.endObject()
    }
}
