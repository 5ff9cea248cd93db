/// Migration 2: payments, refunds, the raw notification audit and anomalies.
/// Times are INTEGER milliseconds since the epoch; money INTEGER minor units.
enum PaymentSchema {
    static let sql = """
        CREATE TABLE payments (
            id TEXT PRIMARY KEY,
            order_id TEXT NOT NULL UNIQUE REFERENCES orders(id),
            provider TEXT NOT NULL CHECK (length(provider) BETWEEN 1 AND 32),
            status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'closed')),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            prepay_id TEXT,
            transaction_id TEXT,
            payer_openid TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            paid_at INTEGER,
            closed_at INTEGER,
            checked_at INTEGER,
            CHECK (status <> 'succeeded' OR (transaction_id IS NOT NULL AND paid_at IS NOT NULL))
        ) STRICT;
        CREATE UNIQUE INDEX payments_by_transaction ON payments (provider, transaction_id)
            WHERE transaction_id IS NOT NULL;
        CREATE INDEX payments_pending ON payments (created_at) WHERE status = 'pending';

        CREATE TABLE refunds (
            id TEXT PRIMARY KEY,
            order_id TEXT NOT NULL REFERENCES orders(id),
            payment_id TEXT NOT NULL REFERENCES payments(id),
            amount INTEGER NOT NULL CHECK (amount > 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
            origin TEXT NOT NULL CHECK (origin IN ('merchant', 'paid_after_cancellation')),
            reason TEXT,
            provider_refund_id TEXT,
            provider_status TEXT,
            submitted_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            settled_at INTEGER
        ) STRICT;
        CREATE INDEX refunds_by_order ON refunds (order_id, created_at, id);
        CREATE INDEX refunds_pending ON refunds (updated_at) WHERE status = 'pending';

        CREATE TABLE payment_notifications (
            seq INTEGER PRIMARY KEY,
            provider TEXT NOT NULL,
            notification_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            duplicate_of INTEGER REFERENCES payment_notifications(seq),
            outcome TEXT NOT NULL,
            order_id TEXT,
            transaction_id TEXT,
            serial TEXT,
            body BLOB NOT NULL,
            resource BLOB,
            received_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX payment_notifications_once ON payment_notifications (provider, notification_id)
            WHERE duplicate_of IS NULL;
        CREATE INDEX payment_notifications_by_order ON payment_notifications (order_id) WHERE order_id IS NOT NULL;

        CREATE TABLE payment_anomalies (
            id TEXT PRIMARY KEY,
            shop_id TEXT,
            order_id TEXT,
            kind TEXT NOT NULL,
            amount INTEGER,
            currency TEXT,
            transaction_id TEXT,
            notification_seq INTEGER REFERENCES payment_notifications(seq),
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX payment_anomalies_by_shop ON payment_anomalies (shop_id, created_at DESC, id DESC);
        """
}
