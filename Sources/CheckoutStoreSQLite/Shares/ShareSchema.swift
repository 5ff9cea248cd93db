/// Migration 4: share links with their own counters, who has viewed each link, counters
/// rolled up per dimension and hour, product activity for trending, paid-order events for
/// live streams, live tokens, and the sharer an order is credited to.
/// Times are INTEGER milliseconds since the epoch; money INTEGER minor units; hours are hour
/// buckets since the epoch (UTC), -1 holding all time.
enum ShareSchema {
    static let sql = """
        CREATE TABLE share_links (
            code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 8 AND 12),
            shop_id TEXT NOT NULL REFERENCES shops(id),
            product_id TEXT NOT NULL REFERENCES products(id),
            sharer_id TEXT NOT NULL REFERENCES users(id),
            channel TEXT NOT NULL CHECK (channel IN ('chat', 'group', 'moments', 'qzone', 'qr', 'other')),
            created_at INTEGER NOT NULL,
            last_click_at INTEGER,
            clicks INTEGER NOT NULL DEFAULT 0,
            unique_visitors INTEGER NOT NULL DEFAULT 0,
            orders INTEGER NOT NULL DEFAULT 0,
            paid_orders INTEGER NOT NULL DEFAULT 0,
            gmv INTEGER NOT NULL DEFAULT 0,
            refunded INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX share_links_by_sharer ON share_links (sharer_id, created_at DESC, code DESC);

        CREATE TABLE share_visitors (
            code TEXT NOT NULL REFERENCES share_links(code),
            viewer TEXT NOT NULL,
            first_at INTEGER NOT NULL,
            counted_at INTEGER NOT NULL,
            PRIMARY KEY (code, viewer)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE share_counters (
            shop_id TEXT NOT NULL,
            dimension TEXT NOT NULL CHECK (dimension IN ('channel', 'scene', 'sharer', 'product', 'hour')),
            hour INTEGER NOT NULL,
            key TEXT NOT NULL,
            shares INTEGER NOT NULL DEFAULT 0,
            clicks INTEGER NOT NULL DEFAULT 0,
            unique_visitors INTEGER NOT NULL DEFAULT 0,
            orders INTEGER NOT NULL DEFAULT 0,
            paid_orders INTEGER NOT NULL DEFAULT 0,
            gmv INTEGER NOT NULL DEFAULT 0,
            refunded INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (shop_id, dimension, hour, key)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE product_activity (
            shop_id TEXT NOT NULL,
            scene INTEGER NOT NULL,
            hour INTEGER NOT NULL,
            product_id TEXT NOT NULL,
            clicks INTEGER NOT NULL DEFAULT 0,
            paid_orders INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (shop_id, scene, hour, product_id)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE paid_order_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            shop_id TEXT NOT NULL,
            order_id TEXT NOT NULL UNIQUE,
            amount_total INTEGER NOT NULL,
            share_code TEXT,
            scene INTEGER,
            sharer_id TEXT,
            paid_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX paid_order_events_by_shop ON paid_order_events (shop_id, seq);

        CREATE TABLE live_tokens (
            token_hash TEXT PRIMARY KEY,
            shop_id TEXT NOT NULL REFERENCES shops(id),
            expires_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        ALTER TABLE orders ADD COLUMN sharer_id TEXT;
        """
}
