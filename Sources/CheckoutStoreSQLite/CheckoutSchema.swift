import CheckoutCore
import CheckoutSQLite

/// The database schema as numbered migrations. Payments, refunds, share links and their
/// counters come in later migrations (version 2 onward); never edit an applied one.
public enum CheckoutSchema {
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "commerce core", sql: commerceCore),
        Migration(version: 2, name: "payments", sql: PaymentSchema.sql),
        Migration(version: 3, name: "sharer rewards", sql: RewardSchema.sql),
        Migration(version: 4, name: "shares", sql: ShareSchema.sql),
        Migration(version: 5, name: "commission in stats", sql: RewardSchema.statsSQL),
        Migration(version: 6, name: "orders indexes by their queries", sql: unusedOrderIndexes),
        Migration(version: 7, name: "order lines by their queries", sql: unusedOrderLineIndexes),
    ]

    /// A migrator over `migrations`.
    public static var migrator: Migrator { Migrator(migrations: migrations) }

    /// Migration 6: the orders indexes no query needs, each one more b-tree insert in every
    /// order's write. A shopper's orders of one status are read through `orders_by_user`
    /// (newest first, the status checked on the way: a shopper has few orders), and nothing
    /// looks orders up by share code (attribution goes from the order to its link). Every
    /// index left is used by a query: `OrderIndexTests` holds each one to its query plan.
    static let unusedOrderIndexes = """
        DROP INDEX IF EXISTS orders_by_user_status;
        DROP INDEX IF EXISTS orders_by_share_code;
        """

    /// Migration 7: `order_items_by_product`, one more b-tree insert for every order line. Lines
    /// are read by their order only (the primary key's prefix), and a product is never deleted
    /// nor its id changed, which is when SQLite would look lines up by product for the foreign
    /// key. `OrderIndexTests` holds the lines' queries to the primary key.
    static let unusedOrderLineIndexes = """
        DROP INDEX IF EXISTS order_items_by_product;
        """

    /// Shops, catalog, shoppers and sessions, carts, orders, idempotency keys.
    /// Times are INTEGER milliseconds since the epoch; money INTEGER minor units.
    static let commerceCore = """
        CREATE TABLE shops (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            secret_key_hash TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE products (
            id TEXT PRIMARY KEY,
            shop_id TEXT NOT NULL REFERENCES shops(id),
            title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
            description TEXT,
            image_url TEXT,
            price INTEGER NOT NULL CHECK (price >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            stock INTEGER CHECK (stock IS NULL OR stock >= 0),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX products_by_shop ON products (shop_id, created_at DESC, id DESC);
        CREATE INDEX products_active_by_shop ON products (shop_id, created_at DESC, id DESC) WHERE active = 1;

        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            platform TEXT NOT NULL,
            openid TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            UNIQUE (platform, openid)
        ) STRICT;

        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            revoked_at INTEGER
        ) STRICT;
        CREATE INDEX sessions_by_user ON sessions (user_id);
        CREATE INDEX sessions_by_expiry ON sessions (expires_at);

        CREATE TABLE carts (
            user_id TEXT NOT NULL REFERENCES users(id),
            shop_id TEXT NOT NULL REFERENCES shops(id),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, shop_id)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE cart_items (
            user_id TEXT NOT NULL,
            shop_id TEXT NOT NULL,
            product_id TEXT NOT NULL REFERENCES products(id),
            quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 999),
            added_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, shop_id, product_id),
            FOREIGN KEY (user_id, shop_id) REFERENCES carts (user_id, shop_id) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX cart_items_by_product ON cart_items (product_id);

        CREATE TABLE orders (
            id TEXT PRIMARY KEY CHECK (length(id) <= 32),
            shop_id TEXT NOT NULL REFERENCES shops(id),
            user_id TEXT NOT NULL REFERENCES users(id),
            status TEXT NOT NULL CHECK (status IN ('pending_payment', 'paid', 'fulfilled', 'completed',
                                                   'cancelled', 'partially_refunded', 'refunded')),
            amount_total INTEGER NOT NULL CHECK (amount_total >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            shipping TEXT NOT NULL CHECK (json_valid(shipping)),
            share_code TEXT,
            scene INTEGER,
            note TEXT,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            paid_at INTEGER,
            cancelled_at INTEGER,
            cancellation_reason TEXT CHECK (cancellation_reason IN ('requested', 'expired')),
            fulfilled_at INTEGER,
            completed_at INTEGER,
            carrier TEXT,
            tracking_number TEXT
        ) STRICT;
        CREATE INDEX orders_by_user ON orders (user_id, created_at DESC, id DESC);
        CREATE INDEX orders_by_user_status ON orders (user_id, status, created_at DESC, id DESC);
        CREATE INDEX orders_by_shop ON orders (shop_id, created_at DESC, id DESC);
        CREATE INDEX orders_by_shop_status ON orders (shop_id, status, created_at DESC, id DESC);
        CREATE INDEX orders_pending_by_expiry ON orders (expires_at) WHERE status = 'pending_payment';
        CREATE INDEX orders_by_share_code ON orders (share_code) WHERE share_code IS NOT NULL;

        CREATE TABLE order_items (
            order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            product_id TEXT NOT NULL REFERENCES products(id),
            title TEXT NOT NULL,
            unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
            quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 999),
            line_total INTEGER NOT NULL CHECK (line_total >= 0),
            PRIMARY KEY (order_id, position)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX order_items_by_product ON order_items (product_id);

        CREATE TABLE idempotency_keys (
            caller TEXT NOT NULL,
            key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
            endpoint TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('in_progress', 'completed')),
            response_status INTEGER,
            response_body BLOB,
            created_at INTEGER NOT NULL,
            CHECK (state = 'in_progress' OR response_status IS NOT NULL),
            PRIMARY KEY (caller, key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
        """
}
