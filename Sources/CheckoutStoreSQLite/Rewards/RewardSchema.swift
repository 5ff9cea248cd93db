import CheckoutCore

/// The rewards migration: programs, per-product rates, commissions with their payout, the
/// ledger, and orders whose funds are frozen for profit sharing. Times are INTEGER
/// milliseconds since the epoch; money INTEGER minor units. Plain SQL that PostgreSQL speaks
/// too, except `STRICT` and the `INTEGER PRIMARY KEY` row id of the ledger.
enum RewardSchema {
    static let sql = """
        CREATE TABLE reward_programs (
            shop_id TEXT PRIMARY KEY REFERENCES shops(id),
            enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
            rate_bps INTEGER NOT NULL CHECK (rate_bps BETWEEN 0 AND 3000),
            freeze_days INTEGER NOT NULL CHECK (freeze_days BETWEEN 0 AND 30),
            updated_at INTEGER NOT NULL
        ) STRICT;

        ALTER TABLE products ADD COLUMN commission_bps INTEGER
            CHECK (commission_bps IS NULL OR commission_bps BETWEEN 0 AND 3000);

        CREATE TABLE commissions (
            id TEXT PRIMARY KEY,
            shop_id TEXT NOT NULL REFERENCES shops(id),
            order_id TEXT NOT NULL UNIQUE REFERENCES orders(id),
            sharer_id TEXT NOT NULL REFERENCES users(id),
            share_code TEXT,
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            weight INTEGER NOT NULL CHECK (weight >= 0),
            amount_total INTEGER NOT NULL CHECK (amount_total >= 0),
            paid_amount INTEGER NOT NULL CHECK (paid_amount >= 0),
            base INTEGER NOT NULL CHECK (base >= 0),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            status TEXT NOT NULL CHECK (status IN ('pending', 'frozen', 'available', 'paid_out', 'cancelled')),
            available_at INTEGER,
            paid_out_at INTEGER,
            adjustment INTEGER NOT NULL DEFAULT 0,
            payout_attempt INTEGER NOT NULL DEFAULT 0,
            payout_out_order_no TEXT UNIQUE,
            payout_amount INTEGER CHECK (payout_amount IS NULL OR payout_amount >= 0),
            payout_state TEXT CHECK (payout_state IS NULL OR payout_state IN ('processing', 'succeeded', 'failed')),
            payout_failure TEXT,
            payout_errors INTEGER NOT NULL DEFAULT 0,
            payout_next_at INTEGER,
            payout_updated_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            CHECK (status <> 'paid_out' OR (payout_state = 'succeeded' AND paid_out_at IS NOT NULL))
        ) STRICT;
        CREATE INDEX commissions_by_shop ON commissions (shop_id, created_at DESC, id DESC);
        CREATE INDEX commissions_by_sharer ON commissions (sharer_id, created_at DESC, id DESC);
        CREATE INDEX commissions_frozen ON commissions (available_at) WHERE status = 'frozen';
        CREATE INDEX commissions_available ON commissions (available_at) WHERE status = 'available';
        CREATE INDEX commissions_paying ON commissions (payout_next_at) WHERE payout_state = 'processing';

        CREATE TABLE commission_entries (
            seq INTEGER PRIMARY KEY,
            commission_id TEXT NOT NULL REFERENCES commissions(id),
            shop_id TEXT NOT NULL,
            sharer_id TEXT NOT NULL,
            bucket TEXT NOT NULL CHECK (bucket IN ('pending', 'frozen', 'available', 'paid_out', 'adjustments')),
            amount INTEGER NOT NULL,
            reason TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX commission_entries_by_sharer ON commission_entries (sharer_id, shop_id, bucket);
        CREATE INDEX commission_entries_by_commission ON commission_entries (commission_id);

        CREATE TABLE profit_sharing_holds (
            order_id TEXT PRIMARY KEY REFERENCES orders(id),
            state TEXT NOT NULL CHECK (state IN ('held', 'due', 'released')),
            failure TEXT,
            next_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX profit_sharing_holds_due ON profit_sharing_holds (next_at) WHERE state = 'due';
        """

    /// Commission per stats row, rolled up with the share counters.
    static let statsSQL = """
        ALTER TABLE share_counters ADD COLUMN commission INTEGER NOT NULL DEFAULT 0;
        """
}
