import ArgumentParser

/// `chatcheckout serve | migrate | shops create | backup | openapi`.
struct ChatCheckout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatcheckout",
        abstract: "The checkout backend for chat mini-shops: carts, orders, WeChat Pay, share links.",
        subcommands: [Serve.self, Migrate.self, MigrateData.self, Shops.self, Backup.self, OpenAPI.self],
        defaultSubcommand: Serve.self
    )
}
