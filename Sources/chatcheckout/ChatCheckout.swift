import ArgumentParser

/// `chatcheckout serve | migrate | shops create | backup`.
@main
struct ChatCheckout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatcheckout",
        abstract: "The checkout backend for chat mini-shops: carts, orders, WeChat Pay, share links.",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}
