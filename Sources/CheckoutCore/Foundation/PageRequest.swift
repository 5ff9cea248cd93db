/// A list request: `?limit=` (1–100, default 20) and `?starting_after=<id>`; newest first.
public struct PageRequest: Hashable, Sendable {
    public static let defaultLimit = 20
    public static let maximumLimit = 100

    public let limit: Int
    public let startingAfter: String?

    /// Validates the limit; a bad one is `invalid_request` with `param: "limit"`.
    public init(limit: Int? = nil, startingAfter: String? = nil) throws(CheckoutError) {
        let value = limit ?? Self.defaultLimit
        guard (1...Self.maximumLimit).contains(value) else {
            throw .invalidRequest("limit must be between 1 and \(Self.maximumLimit).", param: "limit")
        }
        if let startingAfter, startingAfter.isEmpty || startingAfter.utf8.count > 64 {
            throw .invalidRequest("starting_after is not a valid id.", param: "starting_after")
        }
        self.limit = value
        self.startingAfter = startingAfter
    }

    /// The first page with the default limit.
    public static let first = try! PageRequest()
}
