import CheckoutCore
import CheckoutHTTP
import Logging

/// The rewards side of the app: the service on the configured store, payouts through the
/// payment providers that can split (WeChat Pay, the sandbox), the prepay decision on the
/// payment service, the routes and the payout counters on `/metrics`.
public struct RewardSetup: Sendable {
    public let service: RewardService

    /// - Parameter sandbox: passes every second instead of every 5 s, so a local run pays out at once.
    public init(store: any RewardStore, payments: PaymentSetup, clock: any Clock, sandbox: Bool, logger: Logger) {
        let providers = payments.profitSharing
        let pacing = sandbox ? RewardPayouts.Configuration(everySeconds: 1, pollSeconds: 1)
                             : RewardPayouts.Configuration()
        let payouts = RewardPayouts(store: store, providers: providers, clock: clock, configuration: pacing,
                                    onProblem: { logger.warning("rewards: \($0)") })
        service = RewardService(store: store, clock: clock, payouts: payouts, sharingProviders: Set(providers.keys))
        service.install(on: payments.service)
    }

    func addRoutes(to api: APIRoutes, authenticator: Authenticator) {
        api.add(RewardController(service: service, authenticator: authenticator))
    }

    /// Adds `checkout_reward_events_total{event}` to `/metrics`.
    func registerMetrics(in registry: MetricsRegistry) {
        let counters = service.payouts.metrics
        registry.register(.init(name: "checkout_reward_events_total",
                                help: "Commission releases, payouts, failed profit-sharing calls since start.",
                                type: "counter") {
            counters.snapshot().sorted { $0.key < $1.key }.map { (labels: "event=\"\($0.key)\"", value: Double($0.value)) }
        })
    }
}
