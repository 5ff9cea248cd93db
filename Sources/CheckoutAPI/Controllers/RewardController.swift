import CheckoutCore
import CheckoutHTTP

/// Sharer rewards (docs/API.md): the shop's program (`GET`/`PUT /v1/rewards`), the shop's
/// commissions (`GET /v1/commissions?status=&sharer=`) and the shopper's own with their balance
/// (`GET /v1/me/commissions`).
struct RewardController: APIController {
    let service: RewardService
    let authenticator: Authenticator

    /// `{data, has_more, balance}`.
    struct MyCommissions: Encodable {
        var page: Page<Commission>
        var balance: CommissionBalance
        enum CodingKeys: String, CodingKey { case data, hasMore = "has_more", balance }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(page.data, forKey: .data)
            try c.encode(page.hasMore, forKey: .hasMore)
            try c.encode(balance, forKey: .balance)
        }
    }

    func addRoutes(to routes: APIRoutes) {
        routes.add(APIOperation(
            .get, "/v1/rewards", summary: "The shop's sharer-reward program (defaults: off, 0 bps, 7 freeze days).",
            tag: "Rewards", auth: [.shop],
            answers: [.init(200, "The program.", schema: Schema.ref("RewardProgram"))])) { [service, authenticator] request in
            let shop = try await authenticator.requireShop(request)
            return try .encode(try await service.program(shopID: shop.id))
        }
        routes.add(APIOperation(
            .put, "/v1/rewards", summary: "Set the program; absent fields keep their value. rate_bps 0–3000, freeze_days 0–30.",
            tag: "Rewards", auth: [.shop], requestBody: Schema.ref("RewardProgramUpdate"),
            answers: [.init(200, "The program as saved.", schema: Schema.ref("RewardProgram"))])) { [service, authenticator] request in
            let shop = try await authenticator.requireShop(request)
            let update = try request.decode(RewardProgramUpdate.self)
            return try .encode(try await service.updateProgram(shopID: shop.id, update))
        }
        routes.add(APIOperation(
            .get, "/v1/commissions", summary: "The shop's commissions, newest first, by status and sharer.",
            tag: "Rewards", auth: [.shop],
            query: ProductController.pageQuery + [
                .init("status", Schema.enumeration(CommissionStatus.allCases.map(\.rawValue)), "Only this status."),
                .init("sharer", Schema.string, "Only this sharer's (a user id)."),
            ],
            answers: [.init(200, "A page of commissions.", schema: Schema.ref("CommissionList"))])) { [service, authenticator] request in
            let shop = try await authenticator.requireShop(request)
            let status = try request.queryItems["status"].map { try CommissionStatus.parse($0) }
            return try .encode(try await service.commissions(shopID: shop.id, status: status,
                                                             sharer: request.queryItems["sharer"],
                                                             page: try request.pageRequest()))
        }
        routes.add(APIOperation(
            .get, "/v1/me/commissions", summary: "The shopper's own commissions (all shops), with the balance by state.",
            tag: "Rewards", auth: [.shopper], query: ProductController.pageQuery,
            answers: [.init(200, "A page of commissions and the balance.", schema: Schema.ref("MyCommissions"))])) { [service, authenticator] request in
            let session = try await authenticator.requireShopper(request)
            let (page, balance) = try await service.commissions(of: session.user.id, page: try request.pageRequest())
            return try .encode(MyCommissions(page: page, balance: balance))
        }
    }
}
