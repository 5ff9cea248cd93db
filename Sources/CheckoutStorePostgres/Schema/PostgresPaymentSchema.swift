/// Migration 2 in PostgreSQL's dialect: payments, refunds, the raw notification audit and
/// anomalies. The partial unique indexes make a payment notification apply once, whichever
/// replica receives it.
enum PostgresPaymentSchema {
    static let sql = """
        CREATE TABLE payments (
            id text PRIMARY KEY,
            order_id text NOT NULL UNIQUE REFERENCES orders(id),
            provider text NOT NULL CHECK (char_length(provider) BETWEEN 1 AND 32),
            status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'closed')),
            amount bigint NOT NULL CHECK (amount >= 0),
            currency char(3) NOT NULL,
            prepay_id text,
            transaction_id text,
            payer_openid text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            paid_at timestamptz,
            closed_at timestamptz,
            checked_at timestamptz,
            CHECK (status <> 'succeeded' OR (transaction_id IS NOT NULL AND paid_at IS NOT NULL))
        );
        CREATE UNIQUE INDEX payments_by_transaction ON payments (provider, transaction_id)
            WHERE transaction_id IS NOT NULL;
        CREATE INDEX payments_pending ON payments (created_at) WHERE status = 'pending';

        CREATE TABLE refunds (
            id text PRIMARY KEY,
            order_id text NOT NULL REFERENCES orders(id),
            payment_id text NOT NULL REFERENCES payments(id),
            amount bigint NOT NULL CHECK (amount > 0),
            currency char(3) NOT NULL,
            status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
            origin text NOT NULL CHECK (origin IN ('merchant', 'paid_after_cancellation')),
            reason text,
            provider_refund_id text,
            provider_status text,
            submitted_at timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            settled_at timestamptz
        );
        CREATE INDEX refunds_by_order ON refunds (order_id, created_at, id);
        CREATE INDEX refunds_pending ON refunds (updated_at) WHERE status = 'pending';

        CREATE TABLE payment_notifications (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            provider text NOT NULL,
            notification_id text NOT NULL,
            event_type text NOT NULL,
            duplicate_of bigint REFERENCES payment_notifications(seq),
            outcome text NOT NULL,
            order_id text,
            transaction_id text,
            serial text,
            body bytea NOT NULL,
            resource bytea,
            received_at timestamptz NOT NULL
        );
        CREATE UNIQUE INDEX payment_notifications_once ON payment_notifications (provider, notification_id)
            WHERE duplicate_of IS NULL;
        CREATE INDEX payment_notifications_by_order ON payment_notifications (order_id) WHERE order_id IS NOT NULL;

        CREATE TABLE payment_anomalies (
            id text PRIMARY KEY,
            shop_id text,
            order_id text,
            kind text NOT NULL,
            amount bigint,
            currency text,
            transaction_id text,
            notification_seq bigint REFERENCES payment_notifications(seq),
            created_at timestamptz NOT NULL
        );
        CREATE INDEX payment_anomalies_by_shop ON payment_anomalies (shop_id, created_at DESC, id DESC);
        """
}
