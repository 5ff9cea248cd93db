import CheckoutAPI
import CheckoutCore
import Testing

/// `Order` (and `Page<Order>`) written by hand give the same JSON as their `Encodable` form,
/// over every optional field set and unset and hard text in every string.
@Suite struct OrderJSONTests {
    static let awkward = ProductJSONTests.awkward

    static let orders: [Order] = {
        var all: [Order] = []
        for status in OrderStatus.allCases {
            for variant in 0..<6 {
                let n = all.count
                let full = variant.isMultiple(of: 2)
                let at = Timestamp(milliseconds: 1_764_000_000_123 + Int64(n) * 86_400_000)
                all.append(Order(
                    id: "ord_\(n)", shopID: "shop_\u{2028}\(n)", userID: variant == 3 ? awkward : "usr_\(n)",
                    status: status,
                    items: (0..<(variant % 3)).map { i in
                        OrderItem(productID: "prod_\(i)", title: i == 0 ? awkward : "Oolong", unitPrice: 1_000_000_000_000,
                                  quantity: 999, lineTotal: Int64.max)
                    },
                    amountTotal: variant == 1 ? 0 : 123_456, currency: Currency(code: full ? "CNY" : "USD")!,
                    shipping: Shipping(name: awkward, phone: "+86 138 0000 0000", address: "1 \"Nanjing\" Rd\n",
                                       postalCode: full ? "200000" : nil),
                    shareCode: full ? "sh_\(n)" : nil, scene: full ? 1044 : (variant == 3 ? -1 : nil),
                    note: variant == 5 ? awkward : nil, createdAt: at, expiresAt: at.adding(seconds: 900),
                    paidAt: full ? at.adding(seconds: 60) : nil, cancelledAt: variant == 1 ? at : nil,
                    cancellationReason: variant == 1 ? .expired : (variant == 3 ? .requested : nil),
                    fulfilledAt: full ? at.adding(seconds: 3600) : nil, completedAt: variant == 4 ? at : nil,
                    fulfillment: full ? Fulfillment(carrier: "SF \\ Express", trackingNumber: awkward) : nil,
                    payment: variant == 5 ? nil : OrderPaymentSummary(id: "pay_\(n)", provider: "sandbox",
                                                                     transactionID: full ? "42000\(n)" : nil),
                    refunds: (0..<(variant % 3)).map { OrderRefundSummary(id: "ref_\($0)", amount: 100, status: "pending") }))
            }
        }
        return all
    }()

    @Test func everyOrderIsWrittenAsJSONEncoderWouldEncodeIt() throws {
        #expect(Self.orders.count == OrderStatus.allCases.count * 6)
        for order in Self.orders {
            #expect(try JSONTree.parse(order.jsonBytes) == JSONTree.parse(try JSONCoding.encode(order)), "\(order.id)")
        }
    }

    @Test(arguments: [0, 1, 42])
    func pagesAreWrittenAsJSONEncoderWouldEncodeThem(count: Int) throws {
        for hasMore in [false, true] {
            let page = Page(data: Array(Self.orders.prefix(count)), hasMore: hasMore)
            #expect(try JSONTree.parse(page.jsonBytes) == JSONTree.parse(try JSONCoding.encode(page)))
        }
    }

    @Test func absentFieldsAreExplicitNulls() throws {
        let at = Timestamp(seconds: 0)
        let order = Order(id: "ord_1", shopID: "shop_1", userID: "usr_1", status: .pendingPayment, items: [],
                          amountTotal: 100, currency: .cny, shipping: Shipping(name: "Li", phone: "1", address: "A"),
                          createdAt: at, expiresAt: at)
        guard case .object(let fields) = try JSONTree.parse(order.jsonBytes) else { Issue.record("not an object"); return }
        for name in ["share_code", "scene", "note", "paid_at", "cancelled_at", "cancellation_reason", "fulfilled_at",
                     "completed_at", "fulfillment", "payment"] {
            #expect(fields[name] == .null, "\(name)")
        }
        #expect(fields["refunds"] == .array([]))
        #expect(fields["created_at"] == .string("1970-01-01T00:00:00Z"))
    }
}
