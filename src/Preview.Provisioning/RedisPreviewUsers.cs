using StackExchange.Redis;
using PreviewAspire.Naming;

namespace PreviewAspire.Provisioning;

/// <summary>
/// A PR's Redis surface: an ACL user that may touch only keys and channels under the PR's prefix and is denied
/// administrative and server-wide commands (FLUSHALL, FLUSHDB, CONFIG, KEYS, ...).
/// </summary>
public sealed class RedisPreviewUsers(string adminConnectionString)
{
    /// <summary>
    /// The ACL rules of a PR user after its password: own prefix only, no admin or dangerous commands, and none of the
    /// keyspace-wide reads that key patterns do not filter (SCAN, RANDOMKEY, DBSIZE, PUBSUB listings) or database switches.
    /// </summary>
    public static string[] Rules(PreviewNames names) =>
        ["on", $"~{names.RedisKeyPrefix}*", $"&{names.RedisKeyPrefix}*", "+@all", "-@admin", "-@dangerous",
            "-scan", "-randomkey", "-dbsize", "-pubsub", "-select", "-move", "-swapdb"];

    /// <summary>Creates or resets the PR's ACL user with <paramref name="password"/>.</summary>
    public async Task ProvisionAsync(PullRequestId pullRequest, string password, CancellationToken cancellationToken)
    {
        var names = pullRequest.Names;
        await using var connection = await ConnectAsync().ConfigureAwait(false);
        object[] args = ["SETUSER", names.RedisUser, "reset", $">{password}", .. Rules(names)];
        await connection.GetDatabase().ExecuteAsync("ACL", args).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the PR's ACL user (disconnecting its clients) and every key under its prefix. Succeeds when nothing exists.</summary>
    public async Task TeardownAsync(PullRequestId pullRequest, CancellationToken cancellationToken)
    {
        var names = pullRequest.Names;
        await using var connection = await ConnectAsync().ConfigureAwait(false);
        var database = connection.GetDatabase();
        await database.ExecuteAsync("ACL", "DELUSER", names.RedisUser).WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in connection.GetEndPoints())
        {
            var server = connection.GetServer(endpoint);
            var batch = new List<RedisKey>(256);
            await foreach (var key in server.KeysAsync(pattern: names.RedisKeyPrefix + "*", pageSize: 500).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                batch.Add(key);
                if (batch.Count == 256)
                {
                    await database.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await database.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Number of keys under the PR's prefix.</summary>
    public async Task<long> CountKeysAsync(PullRequestId pullRequest, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync().ConfigureAwait(false);
        long count = 0;
        foreach (var endpoint in connection.GetEndPoints())
        {
            await foreach (var _ in connection.GetServer(endpoint).KeysAsync(pattern: pullRequest.Names.RedisKeyPrefix + "*", pageSize: 500).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                count++;
            }
        }

        return count;
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(adminConnectionString);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = true;
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            throw new ProvisioningException($"Redis at {string.Join(", ", options.EndPoints)} refused the administrator connection: {ex.Message}. Is the engine running?", ex);
        }
    }
}
