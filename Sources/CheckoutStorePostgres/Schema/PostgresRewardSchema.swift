/// Migration 3 in PostgreSQL's dialect: reward programs, per-product rates, commissions with
/// their payout, the commission ledger and orders whose funds are held for profit sharing.
enum PostgresRewardSchema {
    static let sql = """
        CREATE TABLE reward_programs (
            shop_id text PRIMARY KEY REFERENCES shops(id),
            enabled boolean NOT NULL,
            rate_bps integer NOT NULL CHECK (rate_bps BETWEEN 0 AND 3000),
            freeze_days integer NOT NULL CHECK (freeze_days BETWEEN 0 AND 30),
            updated_at timestamptz NOT NULL
        );

        ALTER TABLE products ADD COLUMN commission_bps integer
            CHECK (commission_bps IS NULL OR commission_bps BETWEEN 0 AND 3000);

        CREATE TABLE commissions (
            id text PRIMARY KEY,
            shop_id text NOT NULL REFERENCES shops(id),
            order_id text NOT NULL UNIQUE REFERENCES orders(id),
            sharer_id text NOT NULL REFERENCES users(id),
            share_code text,
            currency char(3) NOT NULL,
            weight bigint NOT NULL CHECK (weight >= 0),
            amount_total bigint NOT NULL CHECK (amount_total >= 0),
            paid_amount bigint NOT NULL CHECK (paid_amount >= 0),
            base bigint NOT NULL CHECK (base >= 0),
            amount bigint NOT NULL CHECK (amount >= 0),
            status text NOT NULL CHECK (status IN ('pending', 'frozen', 'available', 'paid_out', 'cancelled')),
            available_at timestamptz,
            paid_out_at timestamptz,
            adjustment bigint NOT NULL DEFAULT 0,
            payout_attempt integer NOT NULL DEFAULT 0,
            payout_out_order_no text UNIQUE,
            payout_amount bigint CHECK (payout_amount IS NULL OR payout_amount >= 0),
            payout_state text CHECK (payout_state IS NULL OR payout_state IN ('processing', 'succeeded', 'failed')),
            payout_failure text,
            payout_errors integer NOT NULL DEFAULT 0,
            payout_next_at timestamptz,
            payout_updated_at timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            CHECK (status <> 'paid_out' OR (payout_state = 'succeeded' AND paid_out_at IS NOT NULL))
        );
        CREATE INDEX commissions_by_shop ON commissions (shop_id, created_at DESC, id DESC);
        CREATE INDEX commissions_by_sharer ON commissions (sharer_id, created_at DESC, id DESC);
        CREATE INDEX commissions_frozen ON commissions (available_at) WHERE status = 'frozen';
        CREATE INDEX commissions_available ON commissions (available_at) WHERE status = 'available';
        CREATE INDEX commissions_paying ON commissions (payout_next_at) WHERE payout_state = 'processing';

        CREATE TABLE commission_entries (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            commission_id text NOT NULL REFERENCES commissions(id),
            shop_id text NOT NULL,
            sharer_id text NOT NULL,
            bucket text NOT NULL CHECK (bucket IN ('pending', 'frozen', 'available', 'paid_out', 'adjustments')),
            amount bigint NOT NULL,
            reason text NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX commission_entries_by_sharer ON commission_entries (sharer_id, shop_id, bucket);
        CREATE INDEX commission_entries_by_commission ON commission_entries (commission_id);

        CREATE TABLE profit_sharing_holds (
            order_id text PRIMARY KEY REFERENCES orders(id),
            state text NOT NULL CHECK (state IN ('held', 'due', 'released')),
            failure text,
            next_at timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX profit_sharing_holds_due ON profit_sharing_holds (next_at) WHERE state = 'due';
        """
}
