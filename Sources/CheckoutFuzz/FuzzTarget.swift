/// One fuzz target: a name for the command line and a function that must not crash, hang or
/// break its invariants (a broken invariant traps with `preconditionFailure`) on any input.
struct FuzzTarget: Sendable {
    let name: String
    let run: @Sendable ([UInt8]) -> Void

    static let all: [FuzzTarget] = [
        FuzzTarget(name: "request-decoder", run: RequestDecoderTarget.run),
        FuzzTarget(name: "chunked-decoder", run: ChunkedDecoderTarget.run),
        FuzzTarget(name: "static-path", run: StaticPathTarget.run),
        FuzzTarget(name: "json-body", run: JSONBodyTarget.run),
        FuzzTarget(name: "wechatpay-notification", run: WeChatPayNotificationTarget.run),
        FuzzTarget(name: "qpay-notification", run: QPayNotificationTarget.run),
        FuzzTarget(name: "share-click", run: ShareClickTarget.run),
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
