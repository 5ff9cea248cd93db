/// The database schema in PostgreSQL's dialect, with the same version numbers as the SQLite
/// schema: money as `bigint` minor units, times as `timestamptz`, flags as `boolean`, JSON
/// as `jsonb`, raw bytes as `bytea`. Never edit an applied migration; add one.
public enum PostgresSchema {
    public static let migrations: [PostgresMigration] = [
        PostgresMigration(version: 1, name: "commerce core", sql: commerceCore),
        PostgresMigration(version: 2, name: "payments", sql: PostgresPaymentSchema.sql),
        PostgresMigration(version: 3, name: "sharer rewards", sql: PostgresRewardSchema.sql),
        PostgresMigration(version: 4, name: "shares", sql: PostgresShareSchema.sql),
        PostgresMigration(version: 5, name: "commission in stats", sql: PostgresCommissionStatsSchema.sql),
        PostgresMigration(version: 6, name: "orders indexes by their queries", sql: unusedOrderIndexes),
        PostgresMigration(version: 7, name: "order lines by their queries", sql: unusedOrderLineIndexes),
    ]

    /// A migrator over `migrations`.
    public static var migrator: PostgresMigrator { PostgresMigrator(migrations: migrations) }

    /// Migration 6, as on SQLite: the orders indexes no query needs (a shopper's orders of one
    /// status are read through `orders_by_user`, the status checked on the way; nothing looks
    /// orders up by share code). Each was one more index entry in every order's write.
    static let unusedOrderIndexes = """
        DROP INDEX IF EXISTS orders_by_user_status;
        DROP INDEX IF EXISTS orders_by_share_code;
        """

    /// Migration 7, as on SQLite: `order_items_by_product` (lines are read by their order; a
    /// product is never deleted nor its id changed).
    static let unusedOrderLineIndexes = """
        DROP INDEX IF EXISTS order_items_by_product;
        """

    /// Shops, catalog, shoppers and sessions, carts, orders, idempotency keys.
    static let commerceCore = """
        CREATE TABLE shops (
            id text PRIMARY KEY,
            name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
            currency char(3) NOT NULL,
            secret_key_hash text NOT NULL UNIQUE,
            created_at timestamptz NOT NULL
        );

        CREATE TABLE products (
            id text PRIMARY KEY,
            shop_id text NOT NULL REFERENCES shops(id),
            title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
            description text,
            image_url text,
            price bigint NOT NULL CHECK (price >= 0),
            currency char(3) NOT NULL,
            stock bigint CHECK (stock IS NULL OR stock >= 0),
            active boolean NOT NULL DEFAULT true,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX products_by_shop ON products (shop_id, created_at DESC, id DESC);
        CREATE INDEX products_active_by_shop ON products (shop_id, created_at DESC, id DESC) WHERE active;

        CREATE TABLE users (
            id text PRIMARY KEY,
            platform text NOT NULL,
            openid text NOT NULL,
            created_at timestamptz NOT NULL,
            UNIQUE (platform, openid)
        );

        CREATE TABLE sessions (
            token_hash text PRIMARY KEY,
            user_id text NOT NULL REFERENCES users(id),
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            revoked_at timestamptz
        );
        CREATE INDEX sessions_by_user ON sessions (user_id);
        CREATE INDEX sessions_by_expiry ON sessions (expires_at);

        CREATE TABLE carts (
            user_id text NOT NULL REFERENCES users(id),
            shop_id text NOT NULL REFERENCES shops(id),
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (user_id, shop_id)
        );

        CREATE TABLE cart_items (
            user_id text NOT NULL,
            shop_id text NOT NULL,
            product_id text NOT NULL REFERENCES products(id),
            quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 999),
            added_at timestamptz NOT NULL,
            PRIMARY KEY (user_id, shop_id, product_id),
            FOREIGN KEY (user_id, shop_id) REFERENCES carts (user_id, shop_id) ON DELETE CASCADE
        );
        CREATE INDEX cart_items_by_product ON cart_items (product_id);

        CREATE TABLE orders (
            id text PRIMARY KEY CHECK (char_length(id) <= 32),
            shop_id text NOT NULL REFERENCES shops(id),
            user_id text NOT NULL REFERENCES users(id),
            status text NOT NULL CHECK (status IN ('pending_payment', 'paid', 'fulfilled', 'completed',
                                                   'cancelled', 'partially_refunded', 'refunded')),
            amount_total bigint NOT NULL CHECK (amount_total >= 0),
            currency char(3) NOT NULL,
            shipping jsonb NOT NULL,
            share_code text,
            scene integer,
            note text,
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            paid_at timestamptz,
            cancelled_at timestamptz,
            cancellation_reason text CHECK (cancellation_reason IN ('requested', 'expired')),
            fulfilled_at timestamptz,
            completed_at timestamptz,
            carrier text,
            tracking_number text
        );
        CREATE INDEX orders_by_user ON orders (user_id, created_at DESC, id DESC);
        CREATE INDEX orders_by_user_status ON orders (user_id, status, created_at DESC, id DESC);
        CREATE INDEX orders_by_shop ON orders (shop_id, created_at DESC, id DESC);
        CREATE INDEX orders_by_shop_status ON orders (shop_id, status, created_at DESC, id DESC);
        CREATE INDEX orders_pending_by_expiry ON orders (expires_at) WHERE status = 'pending_payment';
        CREATE INDEX orders_by_share_code ON orders (share_code) WHERE share_code IS NOT NULL;

        CREATE TABLE order_items (
            order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
            position integer NOT NULL CHECK (position >= 0),
            product_id text NOT NULL REFERENCES products(id),
            title text NOT NULL,
            unit_price bigint NOT NULL CHECK (unit_price >= 0),
            quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 999),
            line_total bigint NOT NULL CHECK (line_total >= 0),
            PRIMARY KEY (order_id, position)
        );
        CREATE INDEX order_items_by_product ON order_items (product_id);

        CREATE TABLE idempotency_keys (
            caller text NOT NULL,
            key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
            endpoint text NOT NULL,
            request_hash text NOT NULL,
            state text NOT NULL CHECK (state IN ('in_progress', 'completed')),
            response_status integer,
            response_body bytea,
            created_at timestamptz NOT NULL,
            CHECK (state = 'in_progress' OR response_status IS NOT NULL),
            PRIMARY KEY (caller, key)
        );
        CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
        """
}
