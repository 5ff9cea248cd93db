import CheckoutCore
import CheckoutHTTP
import Foundation
import Logging
import CheckoutThreads

/// The assembled service: configuration, storage, services and the HTTP responder.
/// `chatcheckout serve` and the in-process test client both start from here.
public final class CheckoutApp: Sendable {
    public let configuration: AppConfiguration
    public let logger: Logger
    /// The whole HTTP side: error funnel, routes, static files.
    public let responder: any HTTPResponder
    /// The stores of the configured backend.
    public let stores: CheckoutStores
    public let services: CheckoutServices
    public let authenticator: Authenticator
    /// Payments, refunds, the WeChat Pay callback and the sandbox.
    public let payments: PaymentSetup
    /// Share links, clicks, stats and trending; nil when the backend has no share store.
    public let shares: ShareService?
    /// The live stats streams (`GET /v1/stats/live`); ticked every second by the background work.
    public let liveHub: LiveStreamHub?
    /// Sharer rewards: programs, commissions, payouts.
    public let rewards: RewardSetup
    /// How `platform: "wechat"` logins are checked; nil when WeChat login is not configured.
    public let shopperLogin: (any ShopperLogin)?
    /// How `platform: "qq"` logins are checked; nil when QQ login is not configured.
    public let qqLogin: (any ShopperLogin)?
    /// Every registered route (from the router).
    public let routes: [RouteDescription]
    /// Every route's description, as served at `/openapi.json`.
    public let operations: [APIOperation]
    /// The OpenAPI 3.1 document served at `/openapi.json` (compact JSON).
    public let openAPIDocument: [UInt8]
    private let background = Locked<BackgroundTicker?>(nil)
    private let clock: any Clock
    /// What `/metrics` shows.
    public let metrics = MetricsRegistry()

    /// Opens (and migrates) the database and builds the responder.
    /// - Parameters:
    ///   - clock, ids: injected for tests (expiry, predictable ids).
    ///   - shopperLogin: replaces the WeChat code2session client (tests point it anywhere).
    ///   - stores: stores to run on instead of the configured backend's (tests); closed by `shutdown()`.
    public init(configuration: AppConfiguration, logger: Logger, clock: any Clock = SystemClock(),
                ids: any IDGenerator = RandomIDGenerator(), shopperLogin: (any ShopperLogin)? = nil,
                stores: CheckoutStores? = nil) throws {
        qqLogin = configuration.qq.appID.flatMap { id in
            configuration.qq.appSecret.map { JSCode2SessionClient(appID: id, appSecret: $0, apiBase: configuration.qq.apiBase,
                                                                   logger: logger) }
        }
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        let files: StaticFileResponder
        do {
            var fileConfiguration = StaticFileResponder.Configuration()
            fileConfiguration.resolutionValidityMilliseconds = 1_000
            files = try StaticFileResponder(root: configuration.publicDirectory, configuration: fileConfiguration)
        } catch {
            throw ConfigurationError(setting: Setting.publicDir.variable, "\(error)")
        }
        let stores = try stores ?? StoreBackend.open(configuration)
        self.stores = stores
        services = CheckoutServices(
            stores: stores, clock: clock, ids: ids,
            configuration: CheckoutConfiguration(orderTTLSeconds: Int64(configuration.orderTTLSeconds)))
        authenticator = Authenticator(adminToken: configuration.adminToken,
                                      resolver: ServiceCallerResolver(catalog: services.catalog, sessions: services.sessions))
        let login: (any ShopperLogin)?
        if let shopperLogin {
            login = shopperLogin
        } else if let id = configuration.wechat.appID, let secret = configuration.wechat.appSecret {
            login = JSCode2SessionClient(appID: id, appSecret: secret, apiBase: configuration.wechat.apiBase,
                                      logger: logger)
        } else {
            login = nil
        }
        self.shopperLogin = login

        payments = try PaymentSetup(configuration: configuration, services: services, payments: stores.payments,
                                    clock: clock, ids: ids, logger: logger)
        rewards = RewardSetup(store: stores.rewards, payments: payments, clock: clock, sandbox: configuration.sandbox,
                              logger: logger)

        if let store = stores.shares {
            let shares = ShareService(store: store, catalog: services.catalog, clock: clock, bus: stores.shareEvents ?? LocalShareEventBus(),
                                      publicURL: configuration.publicURL)
            self.shares = shares
            liveHub = LiveStreamHub(store: store, bus: shares.bus, clock: clock, encode: ServerSentEvents.encode)
            services.orders.hooks.setAfterPlace { order in Task { await shares.orderPlaced(order) } }
            payments.service.addListener { application in Task { await shares.paymentApplied(application) } }
        } else {
            shares = nil
            liveHub = nil
        }

        let router = Router()
        let errors = ErrorMiddleware(logger: logger)
        router.addMiddleware(errors)
        router.addMiddleware(FileMiddleware(files: files))
        router.setInlineFallback(files)
        let api = APIRoutes(router, errors: errors)
        let service = ServiceController(health: stores.health)
        api.add(service)
        if configuration.metricsPort == nil { api.add(MetricsController(metrics: metrics)) }
        CommerceContext(services: services, authenticator: authenticator, logger: logger,
                        sandbox: configuration.sandbox, shopperLogin: login, qqLogin: qqLogin,
                        loginLimiter: TokenBucketLimiter(clock: clock)).addControllers(to: api)
        payments.addRoutes(to: api, authenticator: authenticator)
        if let shares, let liveHub {
            ShareContext(shares: shares, hub: liveHub, authenticator: authenticator,
                         gate: IdempotencyGate(service: services.idempotency),
                         clickLimiter: configuration.clickRate == 0 ? nil : TokenBucketLimiter(
                            policy: RateLimitPolicy(burst: Double(5 * configuration.clickRate),
                                                    perSecond: Double(configuration.clickRate)), clock: clock),
                         notFoundPage: ShareContext.notFoundPage(publicDirectory: configuration.publicDirectory))
                .addControllers(to: api)
        }
        rewards.addRoutes(to: api, authenticator: authenticator)
        api.add(PageController(files: files, catalog: services.catalog))
        openAPIDocument = service.addOpenAPIRoute(to: api)
        operations = api.operations
        routes = router.routes
        responder = router.buildResponder()
        registerShareMetrics()
    }

    /// The HTTP server on the configured ports (not started). Also starts the app's background
    /// work (order expiry every second, idempotency purge), which `shutdown()` stops.
    public func makeServer() -> Server {
        startBackgroundWork()
        var serverConfiguration = configuration.server
        serverConfiguration.observer = metrics.http
        serverConfiguration.errorRenderer = ContractErrorRenderer()
        let server = Server(configuration: serverConfiguration, responder: responder, logger: logger)
        registerMetrics(server: server)
        return server
    }

    /// The separate `/metrics` server when CHECKOUT_METRICS_PORT is set (not started).
    public func makeMetricsServer() -> Server? {
        guard let port = configuration.metricsPort else { return nil }
        var serverConfiguration = ServerConfiguration()
        serverConfiguration.host = configuration.server.host
        serverConfiguration.httpPort = port
        serverConfiguration.eventLoopCount = 1
        serverConfiguration.errorRenderer = ContractErrorRenderer()
        return Server(configuration: serverConfiguration, responder: MetricsController.makeStandaloneResponder(metrics),
                      logger: logger)
    }

    private func registerMetrics(server: Server) {
        metrics.register(.init(name: "checkout_http_open_connections", help: "Open client connections.", type: "gauge") {
            [(labels: "", value: Double(server.openConnections))]
        })
        metrics.register(.init(name: "checkout_http_connections_reclaimed_total",
                               help: "Idle keep-alive connections closed to make room for new ones (out of descriptors or at the ceiling).",
                               type: "counter") {
            [(labels: "", value: Double(server.reclaimedConnections))]
        })
        metrics.register(.init(name: "checkout_http_connections_refused_total",
                               help: "New connections closed at accept: past the ceiling or out of descriptors with nothing idle to close.",
                               type: "counter") {
            [(labels: "", value: Double(server.refusedConnections))]
        })
        payments.registerMetrics(in: metrics)
        rewards.registerMetrics(in: metrics)
        let orders = stores.orders
        metrics.register(.init(name: "checkout_orders", help: "Orders by status (outcome).", type: "gauge") {
            try await orders.countsByStatus().sorted { $0.key.rawValue < $1.key.rawValue }.map {
                (labels: "status=\"\($0.key.rawValue)\"", value: Double($0.value))
            }
        })
    }

    /// Starts order expiry (every second) and the hourly purge of old idempotency keys and
    /// ended sessions; once.
    ///
    /// The ticker is a thread of its own (it inherits the process's blocked service signals,
    /// which timers of the concurrency runtime would not); ticks run one at a time, and the
    /// purge is scheduled by the injected clock.
    public func startBackgroundWork() {
        let ticker = background.withLock { current -> BackgroundTicker? in
            guard current == nil else { return nil }
            let services = self.services
            let payouts = self.rewards.service.payouts
            let logger = self.logger
            let hub = self.liveHub
            let clock = self.clock
            let purge = Locked(IntervalSchedule(intervalSeconds: 3600))
            let ticker = BackgroundTicker {
                if let hub { Task { await hub.tick() } }
                do {
                    let expired = try await services.expiry.runExpiry()
                    if !expired.isEmpty { logger.info("orders expired", metadata: ["count": "\(expired.count)"]) }
                    if purge.withLock({ $0.isDue(at: clock.now()) }) {
                        try await services.idempotency.purgeExpired()
                        try await services.sessions.purgeEnded()
                    }
                    await payouts.runIfDue()
                } catch {
                    logger.error("background work failed", metadata: ["error": "\(error)"])
                }
            }
            current = ticker
            return ticker
        }
        ticker?.start()
    }

    /// Stops background work and closes the database (after queued writes finish).
    public func shutdown() {
        background.withLock { $0?.stop(); $0 = nil }
        stores.health.close()
    }
}
