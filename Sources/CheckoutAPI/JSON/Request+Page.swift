import CheckoutCore
import CheckoutHTTP

extension Request {
    /// `?limit=` (1–100, default 20) and `?starting_after=<id>` (docs/API.md "Lists").
    /// - Throws: 400 `invalid_request` with `param` `limit` or `starting_after`.
    public func pageRequest() throws(CheckoutError) -> PageRequest {
        let items = queryItems
        var limit: Int?
        if let text = items["limit"] {
            guard !text.isEmpty, text.utf8.count <= 4, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let value = Int(text)
            else { throw .invalidRequest("limit must be an integer between 1 and \(PageRequest.maximumLimit).", param: "limit") }
            limit = value
        }
        var startingAfter: String?
        if let text = items["starting_after"] {
            guard !text.isEmpty else { throw .invalidRequest("starting_after must be an id.", param: "starting_after") }
            startingAfter = text
        }
        return try PageRequest(limit: limit, startingAfter: startingAfter)
    }
}
