using System.IO.Hashing;
using System.Text;
using Npgsql;

namespace PreviewAspire.Provisioning;

/// <summary>A session-level Postgres advisory lock keyed by name: serializes provisioners of the same PR across processes.</summary>
internal sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key) => (_connection, _key) = (connection, key);

    public static async Task<AdvisoryLock> TakeAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        var key = (long)XxHash64.HashToUInt64(Encoding.UTF8.GetBytes("preview-aspire:" + name));
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", connection);
        command.Parameters.AddWithValue("k", key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new AdvisoryLock(connection, key);
    }

    public async ValueTask DisposeAsync()
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", _connection);
        command.Parameters.AddWithValue("k", _key);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
