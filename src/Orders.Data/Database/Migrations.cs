namespace PreviewAspire.Orders.Database;

/// <summary>The schema of the orders database as an append-only list of migrations.</summary>
internal static class Migrations
{
    /// <summary>Every migration, oldest first.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new("0001_create_orders", """
            CREATE TABLE orders (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                customer text NOT NULL,
                item text NOT NULL,
                quantity int NOT NULL CHECK (quantity >= 1),
                status text NOT NULL DEFAULT 'pending',
                created_at timestamptz NOT NULL DEFAULT now()
            );
            """),
        new("0002_outbox_and_idempotency_keys", """
            ALTER TABLE orders ADD COLUMN idempotency_key text UNIQUE;
            CREATE TABLE order_outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            """),
        new("0003_outbox_trace_context", """
            ALTER TABLE order_outbox ADD COLUMN trace_parent text, ADD COLUMN baggage text;
            """),
    ];
}
