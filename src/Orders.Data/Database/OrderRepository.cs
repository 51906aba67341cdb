using Npgsql;

namespace PreviewAspire.Orders;

/// <summary>Reads and writes the <c>orders</c> table. Each write is one statement, committed when it returns.</summary>
public sealed class OrderRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, customer, item, quantity, status, created_at";

    /// <summary>Every order, ordered by id.</summary>
    public async Task<IReadOnlyList<Order>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM orders ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orders = new List<Order>();
        while (await reader.ReadAsync(cancellationToken))
        {
            orders.Add(Read(reader));
        }

        return orders;
    }

    /// <summary>The order with <paramref name="id"/>, or <see langword="null"/> when there is none.</summary>
    public async Task<Order?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM orders WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// Stores a new <see cref="OrderStatus.Pending"/> order and its <see cref="OrderCreated"/> message in the outbox, in
    /// one statement (so one transaction): the message exists exactly when the order does, whatever the broker is doing.
    /// With an <paramref name="idempotencyKey"/> that an earlier order already has, nothing is stored and that order is
    /// returned with <see cref="OrderCreation.Created"/> false. The message keeps the current <see cref="TraceContext"/>.
    /// </summary>
    public async Task<OrderCreation> CreateAsync(string customer, string item, int quantity, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using (var command = dataSource.CreateCommand($"""
            WITH inserted AS (
                INSERT INTO orders (customer, item, quantity, status, idempotency_key) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING {Columns}
            ), queued AS (
                INSERT INTO order_outbox (order_id, trace_parent, baggage) SELECT id, $6, $7 FROM inserted
            )
            SELECT {Columns} FROM inserted
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = customer });
            command.Parameters.Add(new NpgsqlParameter { Value = item });
            command.Parameters.Add(new NpgsqlParameter { Value = quantity });
            command.Parameters.Add(new NpgsqlParameter { Value = OrderStatus.Pending });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)idempotencyKey ?? DBNull.Value });
            var trace = TraceContext.Current();
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)trace.TraceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)trace.Baggage ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return new OrderCreation(Read(reader), Created: true);
            }
        }

        // The key was taken: ON CONFLICT waited for that order's transaction, so it is committed and visible now.
        await using var existing = dataSource.CreateCommand($"SELECT {Columns} FROM orders WHERE idempotency_key = $1");
        existing.Parameters.Add(new NpgsqlParameter { Value = idempotencyKey! });
        await using var found = await existing.ExecuteReaderAsync(cancellationToken);
        await found.ReadAsync(cancellationToken);
        return new OrderCreation(Read(found), Created: false);
    }

    /// <summary>
    /// Sets a pending order to <see cref="OrderStatus.Processed"/> in one atomic statement and tells whether this
    /// call changed it, so a redelivered message can be recognised.
    /// </summary>
    public async Task<MarkProcessedResult> MarkProcessedAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            WITH changed AS (
                UPDATE orders SET status = $2 WHERE id = $1 AND status = $3 RETURNING id
            )
            SELECT EXISTS (SELECT 1 FROM changed), EXISTS (SELECT 1 FROM orders WHERE id = $1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = OrderStatus.Processed });
        command.Parameters.Add(new NpgsqlParameter { Value = OrderStatus.Pending });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetBoolean(0), reader.GetBoolean(1)) switch
        {
            (true, _) => MarkProcessedResult.Processed,
            (false, true) => MarkProcessedResult.AlreadyProcessed,
            _ => MarkProcessedResult.NotFound,
        };
    }

    private static Order Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5));
}
