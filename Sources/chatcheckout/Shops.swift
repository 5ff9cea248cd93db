import ArgumentParser
import CheckoutAPI
import CheckoutCore
import Foundation

/// `chatcheckout shops create --name NAME`: prints the new shop and its secret key (once).
struct Shops: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage shops.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a shop and print its id and secret key.")

        @Option(help: "The shop's name.") var name: String
        @Option(help: "ISO 4217 currency (default CNY).") var currency: String?
        @OptionGroup var settings: DatabaseOptions

        func run() throws {
            let config = Startup.loadConfiguration(settings.overrides)
            let stores: CheckoutStores
            do {
                stores = try StoreBackend.open(config)
            } catch {
                Startup.fail("\(error)")
            }
            defer { stores.health.close() }
            let services = CheckoutServices(stores: stores)
            let draft = ShopDraft(name: name, currency: currency)
            let result = Startup.await { try await services.catalog.createShop(draft) }
            switch result {
            case .success(let creation):
                print("shop_id: \(creation.shop.id)")
                print("name: \(creation.shop.name)")
                print("currency: \(creation.shop.currency)")
                print("secret_key: \(creation.secretKey)")
                print("(the secret key is shown once; keep it safe)")
            case .failure(let error):
                Startup.fail("cannot create the shop: \(error)")
            }
        }
    }
}
