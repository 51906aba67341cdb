using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Npgsql;
using PreviewAspire.Orders.Database;

namespace PreviewAspire.Orders;

/// <summary>
/// The schema and seed data of the orders database, as code. The preview provisioner builds its template database
/// with <see cref="MigrateAsync"/> and <see cref="SeedAsync"/>; services run <see cref="MigrateAsync"/> at startup to
/// apply migrations newer than their template.
/// </summary>
public static class OrdersDatabase
{
    // One key for schema and seed changes, so concurrent migrators and seeders of one database run one at a time.
    private const long LockKey = 0x4F52_4445_5253_0001;

    /// <summary>The configuration key of a service's connection pool size (<see cref="DefaultMaxPoolSize"/> when unset).</summary>
    public const string MaxPoolSizeKey = "Orders:Database:MaxPoolSize";

    /// <summary>
    /// Connections one service keeps at most: the API and the worker together (16) stay under the PR role's connection
    /// limit (20 by default), leaving room for a migration or an operator's session.
    /// </summary>
    public const int DefaultMaxPoolSize = 8;

    /// <summary>Bounds <paramref name="dataSource"/>'s pool to <paramref name="configured"/> connections, else <see cref="DefaultMaxPoolSize"/>.</summary>
    /// <exception cref="InvalidOperationException">The configured value is not a whole number of at least 1.</exception>
    public static void LimitPool(NpgsqlDataSourceBuilder dataSource, string? configured)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        dataSource.ConnectionStringBuilder.MaxPoolSize = configured switch
        {
            null or "" => DefaultMaxPoolSize,
            _ when int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0 => size,
            _ => throw new InvalidOperationException($"{MaxPoolSizeKey} is '{configured}'; expected a whole number of at least 1 (default {DefaultMaxPoolSize}), below the PR role's connection limit."),
        };
    }

    /// <summary>
    /// A stable hash (32 lower-case hex digits) over every migration id and SQL text and every seed row.
    /// It changes exactly when the template database built from this code would differ.
    /// </summary>
    public static string Fingerprint { get; } = ComputeFingerprint();

    /// <summary>
    /// Applies, in order and inside one transaction, every migration not yet recorded in <c>schema_migrations</c>.
    /// Idempotent, and safe when several processes run it on the same database at once.
    /// </summary>
    /// <param name="connection">An open connection to the orders database.</param>
    /// <param name="cancellationToken">Cancels the migration; nothing is applied then.</param>
    public static async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await BeginLockedAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                id text PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken);

        var applied = await ReadAppliedAsync(connection, transaction, cancellationToken);
        foreach (var migration in Ordered().Where(m => !applied.Contains(m.Id)))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (id) VALUES ($1)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Id });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts the fixed seed orders when the <c>orders</c> table is empty; does nothing otherwise.
    /// Safe when several processes run it at once. Requires <see cref="MigrateAsync"/> to have run.
    /// </summary>
    /// <param name="connection">An open connection to the orders database.</param>
    /// <param name="cancellationToken">Cancels seeding; nothing is inserted then.</param>
    public static async Task SeedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await BeginLockedAsync(connection, cancellationToken);
        await using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM orders)", connection, transaction))
        {
            if ((bool)(await any.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var order in SeedOrders.All)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "INSERT INTO orders (customer, item, quantity, status, created_at) VALUES ($1, $2, $3, $4, $5)")
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = order.Customer },
                    new NpgsqlParameter { Value = order.Item },
                    new NpgsqlParameter { Value = order.Quantity },
                    new NpgsqlParameter { Value = order.Status },
                    new NpgsqlParameter { Value = order.CreatedAt },
                },
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static IEnumerable<Migration> Ordered() => Migrations.All.OrderBy(m => m.Id, StringComparer.Ordinal);

    private static async Task<NpgsqlTransaction> BeginLockedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = LockKey });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<HashSet<string>> ReadAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT id FROM schema_migrations", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static string ComputeFingerprint()
    {
        var hash = new XxHash128();
        foreach (var migration in Ordered())
        {
            Append(hash, "migration", migration.Id, migration.Sql);
        }

        foreach (var order in SeedOrders.All)
        {
            Append(hash, "seed", order.Customer, order.Item, order.Quantity.ToString(CultureInfo.InvariantCulture),
                order.Status, order.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    // Each field is length-prefixed, so no two different inputs hash the same bytes.
    private static void Append(XxHash128 hash, params string[] fields)
    {
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field.ReplaceLineEndings("\n"));
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.Append(length);
            hash.Append(bytes);
        }
    }
}
