import CheckoutCore
import CheckoutHTTP

/// `GET /v1/payment-anomalies` (shop): verified platform reports that were not applied as
/// they stood (wrong amount, paid after cancellation, …), newest first, list form.
struct PaymentAnomalyController: APIController {
    let service: PaymentService
    let authenticator: Authenticator

    static let anomalySchema = Schema.object([
        ("id", Schema.string), ("order_id", Schema.nullable(Schema.string)),
        ("kind", Schema.enumeration(PaymentAnomaly.Kind.allCases.map(\.rawValue))),
        ("amount", Schema.nullable(Schema.integer)), ("currency", Schema.nullable(Schema.string)),
        ("transaction_id", Schema.nullable(Schema.string)), ("created_at", Schema.timestamp),
    ], required: ["id", "order_id", "kind", "amount", "transaction_id", "created_at"])

    func addRoutes(to routes: APIRoutes) {
        let operation = APIOperation(
            .get, "/v1/payment-anomalies", summary: "The shop's payment anomalies, newest first.", tag: "Payments",
            auth: [.shop],
            query: [.init("limit", Schema.integer(1...100), "Page size (default 20)."),
                    .init("starting_after", Schema.string, "The last id of the previous page.")],
            answers: [.init(200, "A page of anomalies.", schema: Schema.list(of: Self.anomalySchema))])
        routes.add(operation) { [service, authenticator] request in
            let shop = try await authenticator.requireShop(request)
            return try .encode(try await service.anomalies(shopID: shop.id, page: try request.pageRequest()))
        }
    }
}
