using Npgsql;

namespace PreviewAspire.Orders;

/// <summary>
/// The <c>order_outbox</c> table: <see cref="OrderCreated"/> messages stored with their orders and not yet confirmed by
/// the broker. Several relays may drain it at once; each row is handed to one of them at a time.
/// </summary>
public sealed class OrderOutbox(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Takes up to <paramref name="batchSize"/> waiting messages, oldest first, passes their order ids to
    /// <paramref name="publish"/>, and removes them once it returns. When it throws, the messages stay for the next
    /// try. Returns how many were published.
    /// </summary>
    public async Task<int> RelayAsync(Func<IReadOnlyList<long>, CancellationToken, Task> publish, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = new List<(long Id, long OrderId)>();
        await using (var take = new NpgsqlCommand("SELECT id, order_id FROM order_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = batchSize });
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        if (rows.Count > 0)
        {
            await publish([.. rows.Select(r => r.OrderId)], cancellationToken);
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
