using Npgsql;

namespace PreviewAspire.Orders;

/// <summary>
/// The <c>order_outbox</c> table: <see cref="OrderCreated"/> messages stored with their orders and not yet confirmed by
/// the broker. Several relays may drain it at once; each row is handed to one of them at a time.
/// </summary>
public sealed class OrderOutbox(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Takes up to <paramref name="batchSize"/> waiting messages, oldest first, passes them to
    /// <paramref name="publish"/>, and removes them once it returns. When it throws, the messages stay for the next
    /// try. Returns how many were published.
    /// </summary>
    public async Task<int> RelayAsync(Func<IReadOnlyList<OutboxMessage>, CancellationToken, Task> publish, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = new List<(long Id, OutboxMessage Message)>();
        await using (var take = new NpgsqlCommand("SELECT id, order_id, trace_parent, baggage FROM order_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = batchSize });
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var trace = new TraceContext(reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
                rows.Add((reader.GetInt64(0), new OutboxMessage(reader.GetInt64(1), trace)));
            }
        }

        if (rows.Count > 0)
        {
            await publish([.. rows.Select(r => r.Message)], cancellationToken);
            await using var done = new NpgsqlCommand("DELETE FROM order_outbox WHERE id = ANY($1)", connection, transaction);
            done.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Id).ToArray() });
            await done.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    /// <summary>How many messages wait for the broker.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM order_outbox");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

/// <summary>One waiting <see cref="OrderCreated"/> message: its order and the trace context of the request that stored it.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Trace">The W3C trace context to send with it.</param>
public sealed record OutboxMessage(long OrderId, TraceContext Trace);
