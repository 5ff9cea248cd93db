import CheckoutCore

/// The component schemas of "Sharer rewards" (docs/API.md): the program, commissions and balances.
enum RewardSchemas {
    static let all: [(String, JSONValue)] = [
        ("RewardProgram", program), ("RewardProgramUpdate", programUpdate), ("Commission", commission),
        ("CommissionList", Schema.list(of: Schema.ref("Commission"))), ("CommissionBalance", balance),
        ("MyCommissions", mine),
    ]

    static let rate: JSONValue = ["type": "integer", "minimum": 0, "maximum": 3000,
                                  "description": "Basis points of what was paid (3000 = 30 %)."]
    static let freezeDays: JSONValue = ["type": "integer", "minimum": 0, "maximum": 30,
                                        "description": "Days after fulfilment before a commission is available."]
    static let signedAmount: JSONValue = ["type": "integer", "format": "int64", "description": "Minor units; may be negative."]

    static let program = Schema.object([
        ("enabled", Schema.boolean), ("rate_bps", rate), ("freeze_days", freezeDays),
    ], required: ["enabled", "rate_bps", "freeze_days"])

    static let programUpdate = Schema.object([
        ("enabled", Schema.boolean), ("rate_bps", rate), ("freeze_days", freezeDays),
    ])

    static let payout = Schema.object([
        ("out_order_no", Schema.string), ("attempt", Schema.integer(1...1_000_000)), ("amount", APISchemas.amount),
        ("state", Schema.enumeration(["processing", "succeeded", "failed"])),
        ("failure", Schema.nullable(Schema.string)), ("errors", Schema.integer(0...1_000_000)),
        ("updated_at", Schema.timestamp),
    ], required: ["out_order_no", "attempt", "amount", "state", "failure", "errors", "updated_at"])

    static let commission = Schema.object([
        ("id", Schema.string), ("order_id", Schema.string), ("sharer", Schema.string),
        ("share_code", Schema.nullable(Schema.string)), ("base", APISchemas.amount), ("rate_bps", rate),
        ("amount", APISchemas.amount), ("currency", Schema.string),
        ("status", Schema.enumeration(CommissionStatus.allCases.map(\.rawValue))),
        ("available_at", Schema.nullable(Schema.timestamp)), ("paid_out_at", Schema.nullable(Schema.timestamp)),
        ("adjustment", signedAmount), ("payout", Schema.nullable(payout)), ("created_at", Schema.timestamp),
    ], required: ["id", "order_id", "sharer", "share_code", "base", "rate_bps", "amount", "currency", "status",
                  "available_at", "paid_out_at", "adjustment", "payout", "created_at"])

    static let balance = Schema.object([
        ("pending", signedAmount), ("frozen", signedAmount), ("available", signedAmount), ("paid_out", signedAmount),
        ("adjustments", signedAmount), ("total", signedAmount),
    ], required: ["pending", "frozen", "available", "paid_out", "adjustments", "total"])

    static let mine = Schema.object([
        ("data", ["type": "array", "items": Schema.ref("Commission")]), ("has_more", Schema.boolean),
        ("balance", Schema.ref("CommissionBalance")),
    ], required: ["data", "has_more", "balance"])
}
