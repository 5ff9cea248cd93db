import CheckoutThreads

/// Payments and refunds: prepays, verified notifications applied exactly once, refunds,
/// closing prepays before cancel and expiry, and reconciliation with the platform.
///
/// Platform calls never run inside a database transaction: a payment attempt is recorded
/// first, the platform is called, then the answer is recorded, so a crash or a platform
/// failure in between leaves a row that reconciliation finishes.
public final class PaymentService: Sendable {
    let store: any PaymentStore
    let orders: OrderService
    let providers: [String: any PaymentProvider]
    let clock: any Clock
    let ids: any IDGenerator
    public let configuration: PaymentConfiguration
    /// Counters by outcome, for `/metrics`.
    public let metrics: PaymentMetrics
    let background = BackgroundTasks()
    /// Whether a pass runs, and when the last one started (the first comes one interval after start).
    let reconciliation: Locked<(running: Bool, last: Timestamp?)>
    let onProblem: @Sendable (String) -> Void
    private let listeners = Locked<[@Sendable (PaymentApplication) -> Void]>([])
    /// Decides, before a prepay, whether it keeps the funds frozen for profit sharing.
    /// (Not a `Locked<Closure?>`: see `LockedReference`.)
    let profitSharing = LockedReference<@Sendable (_ order: Order, _ provider: String) async throws -> Bool>()

    /// - Parameters:
    ///   - providers: the configured providers, by their `name`.
    ///   - onProblem: told, in a line safe to log, about background failures (retried later).
    public init(store: any PaymentStore, orders: OrderService, providers: [any PaymentProvider],
                clock: any Clock, ids: any IDGenerator, configuration: PaymentConfiguration,
                metrics: PaymentMetrics = PaymentMetrics(), onProblem: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.orders = orders
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
        self.ids = ids
        self.configuration = configuration
        self.metrics = metrics
        self.onProblem = onProblem
        reconciliation = Locked((false, clock.now()))
    }

    /// Closes prepays before shopper cancels and expiry passes, and reconciles from the
    /// expiry pass (see `OrderHooks`).
    public func installOrderHooks() {
        orders.hooks.setBeforeCancel { [weak self] orderID in try await self?.closeBeforeCancel(orderID: orderID) }
        orders.hooks.setBeforeExpiry { [weak self] now in
            guard let self else { return }
            await self.closeDue(now: now)
            self.startReconciliationIfDue(now: now)
        }
    }

    /// Sets what decides, before each prepay, whether it requests profit sharing (the rewards
    /// side: the shop's program is on and the provider can split).
    public func setProfitSharingDecision(_ decide: @escaping @Sendable (_ order: Order, _ provider: String) async throws -> Bool) {
        profitSharing.set(decide)
    }

    /// The names of the configured providers.
    public var providerNames: [String] { providers.keys.sorted() }

    // MARK: Payments

    /// Places a prepay for the shopper's pending order and answers the `wx.requestPayment`
    /// parameters. Repeating it refreshes the parameters of the same payment. With a `commit`,
    /// the recorded prepay and the key's answer commit in one transaction.
    /// - Throws: `not_found`, `invalid_state`, `invalid_request` (`provider`) for a provider not
    ///   configured, or 502 `bad_gateway` when the platform fails (the order is unchanged).
    /// - Parameter payerIP: the shopper's address, for platforms that want it.
    public func createPayment(orderID: String, userID: String, payerOpenID: String, provider name: String?,
                              payerIP: String? = nil,
                              commit: IdempotentCommit<PaymentCreation>? = nil) async throws -> IdempotentOutcome<PaymentCreation> {
        guard let name = name ?? configuration.defaultProvider, let provider = providers[name] else {
            throw CheckoutError.invalidRequest("provider must be one of: \(providerNames.joined(separator: ", ")).",
                                               param: "provider")
        }
        let (order, payment) = try await store.beginPayment(orderID: orderID, userID: userID, provider: name,
                                                            newID: ids.makeID(.payment), now: clock.now())
        let result: PrepayResult
        do {
            let sharing = try await profitSharing.value?(order, name) ?? false
            result = try await provider.prepay(PrepayRequest(order: order, payerOpenID: payerOpenID,
                                                             notifyURL: configuration.notifyURL, profitSharing: sharing,
                                                             payerIP: payerIP))
        } catch let error as PaymentProviderError {
            metrics.record(.prepayFailed)
            throw error.checkoutError
        }
        let creation = PaymentCreation(id: payment.id, orderID: order.id, provider: name, status: .pending,
                                       payParameters: result.payParameters)
        let outcome = try await store.recordPrepay(paymentID: payment.id, prepayID: result.prepayID, now: clock.now(),
                                                   creation: creation, commit: commit)
        metrics.record(.prepayCreated)
        return outcome
    }

    /// Stores and applies one verified notification, exactly once whatever the repeats and
    /// concurrency. A payment for a cancelled order starts its refund in the background.
    public func apply(_ notification: PaymentNotification) async throws -> PaymentOutcome {
        let application = try await store.apply(try await attributed(notification), now: clock.now(), ids: ids)
        finish(application)
        return application.outcome
    }

    /// The notification under the provider of the payment it reports, when that provider is
    /// notified through this one's callback (`PaymentConfiguration.notifiedAs`). A payment keeps
    /// its provider from the prepay on, so repeats are attributed alike.
    func attributed(_ notification: PaymentNotification) async throws -> PaymentNotification {
        guard case .transaction(let tx) = notification.event,
              configuration.notifiedAs.values.contains(notification.provider),
              let payment = try await store.payment(orderID: tx.outTradeNo),
              configuration.notifiedAs[payment.provider] == notification.provider else { return notification }
        var copy = notification
        copy.provider = payment.provider
        return copy
    }

    /// The shop's anomalies, newest first.
    public func anomalies(shopID: String, page: PageRequest) async throws -> Page<PaymentAnomaly> {
        try await store.anomalies(shopID: shopID, page: page)
    }

    /// The refund, if it exists.
    public func refund(id: String) async throws -> Refund? {
        try await store.refund(id: id)
    }

    /// The order's payment, if one was started.
    public func payment(orderID: String) async throws -> Payment? {
        try await store.payment(orderID: orderID)
    }

    /// Waits for refund submissions and reconciliation started in the background.
    public func waitForBackgroundWork() async {
        await background.waitForAll()
    }

    /// Adds a listener told every committed application (live share counters).
    public func addListener(_ listener: @escaping @Sendable (PaymentApplication) -> Void) {
        listeners.withLock { $0.append(listener) }
    }

    /// Counts an outcome and starts the follow-up it needs.
    func finish(_ application: PaymentApplication) {
        metrics.record(application.outcome)
        for listener in listeners.withLock({ $0 }) { listener(application) }
        if let refundID = application.refundToSubmit {
            background.spawn { [weak self] in _ = try? await self?.submitRefund(id: refundID) }
        }
    }
}
