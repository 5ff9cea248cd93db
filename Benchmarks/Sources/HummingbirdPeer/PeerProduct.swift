import Hummingbird

/// A product shaped like ChatCheckout's `Product` JSON (same keys, same value kinds).
struct PeerProduct: ResponseEncodable {
    let id: String
    let shop_id: String
    let title: String
    let description: String?
    let image_url: String?
    let price: Int64
    let currency: String
    let stock: Int64?
    let active: Bool
    let commission_bps: Int?
    let created_at: String
    let updated_at: String

    /// The ten products the list route answers, like the benchmark shop's first page.
    static let benchmarkShop: [PeerProduct] = (1...10).map { index in
        PeerProduct(id: "prd_01J9ZK3Q8W4N6P2R5T7V9X1B\(index % 10)C", shop_id: "shp_01J9ZK3Q8W4N6P2R5T7V9X1B3D",
                    title: "Bench tea \(index)", description: "A tea for the benchmark",
                    image_url: nil, price: 1000 + Int64(index), currency: "CNY", stock: nil, active: true,
                    commission_bps: nil,
                    created_at: "2026-12-04T10:00:00.000Z", updated_at: "2026-12-04T10:00:00.000Z")
    }
}

/// `{"data":[...],"next_cursor":null}`: the page shape of `GET /v1/shops/{id}/products`.
struct PeerPage: ResponseEncodable {
    let data: [PeerProduct]
    let next_cursor: String?
}

/// The fixed JSON object, the same bytes as ChatCheckout's `GET /healthz`.
struct PeerStatus: ResponseEncodable {
    let status: String
}
