import CheckoutHTTP
import Logging

/// Builds the TLS context store from the settings and reloads it on SIGHUP.
public enum TLSSetup {
    /// The store for `CHECKOUT_TLS_CERT`/`CHECKOUT_TLS_KEY`, or `nil` when TLS is off.
    /// A bad file fails with one line naming the setting; an expired certificate only warns.
    public static func makeStore(_ configuration: AppConfiguration, logger: Logger) throws(ConfigurationError) -> TLSContextStore? {
        guard let certificate = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath else { return nil }
        let store: TLSContextStore
        do {
            store = try TLSContextStore(configuration: TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key))
        } catch {
            throw ConfigurationError(error.file == .privateKey ? .tlsKey : .tlsCert, "is unusable: \(error)")
        }
        if store.current.isExpired {
            logger.warning("the TLS certificate has expired: clients will refuse it", metadata: ["file": "\(certificate)"])
        }
        return store
    }

    /// Re-reads certificate and key; on failure the old ones stay and one line says why.
    public static func reload(_ store: TLSContextStore, logger: Logger) {
        do {
            let context = try store.reload()
            logger.notice("TLS certificate reloaded", metadata: [
                "sha256": "\(context.certificate?.sha256FingerprintHex ?? "?")",
                "not_after": "\(context.certificateNotAfter.map { HTTPDate.format(epochSeconds: $0) } ?? "?")",
            ])
            if context.isExpired { logger.warning("the reloaded TLS certificate has expired") }
        } catch {
            logger.error("TLS reload failed, keeping the previous certificate: \(error)")
        }
    }
}
