using StackExchange.Redis;
using PreviewAspire.Naming;

namespace PreviewAspire.Provisioning;

/// <summary>
/// A PR's Redis surface: an ACL user that may touch only keys and channels under the PR's prefix, with an allowlist
/// of the data-type command categories an application needs and nothing that acts on server-wide state. Every change
/// of a user is followed by <c>ACL SAVE</c> where the server keeps its users in an ACL file (the local engine does),
/// so the users survive a restart of the server; a server without one (a container, a managed Redis) keeps them in
/// memory only.
/// </summary>
public sealed class RedisPreviewUsers(string adminConnectionString)
{
    // Redis (and Valkey): "ERR This Redis instance is not configured to use an ACL file. ..."
    private const string NoAclFileError = "not configured to use an ACL file";

    /// <summary>The command categories a PR user starts from: data types, transactions, its own pub/sub and connection.</summary>
    public static readonly IReadOnlyList<string> AllowedCategories =
    [
        "@read", "@write", "@keyspace", "@string", "@hash", "@list", "@set", "@sortedset", "@stream", "@bitmap",
        "@hyperloglog", "@geo", "@pubsub", "@transaction", "@connection",
    ];

    /// <summary>
    /// Taken back out of <see cref="AllowedCategories"/>, in this order: administration and everything Redis marks
    /// dangerous (configuration, persistence, replication, cluster, modules, DEBUG, MONITOR, FLUSHALL, KEYS, CLIENT
    /// LIST/KILL, INFO); all scripting (EVAL can stall the single-threaded server for every PR, and FUNCTION and the
    /// script cache are shared by all); CLIENT TRACKING (BCAST reports other PRs' key names); keyspace-wide reads that
    /// key patterns do not filter (SCAN, RANDOMKEY, DBSIZE, PUBSUB listings); and switching or copying to other databases.
    /// </summary>
    public static readonly IReadOnlyList<string> DeniedAfterwards =
    [
        "-@admin", "-@dangerous", "-@scripting", "-client|tracking", "-scan", "-randomkey", "-dbsize", "-pubsub",
        "-select", "-move", "-swapdb", "-copy",
    ];

    /// <summary>The ACL rules of a PR user after its password: own prefix and channels only, then the command allowlist.</summary>
    public static string[] Rules(PreviewNames names) =>
        ["on", $"~{names.RedisKeyPrefix}*", $"&{names.RedisKeyPrefix}*", "-@all", .. AllowedCategories.Select(c => "+" + c), .. DeniedAfterwards];

    /// <summary>Creates or resets the PR's ACL user with <paramref name="password"/>, and saves the server's users.</summary>
    public Task ProvisionAsync(PullRequestId pullRequest, string password, CancellationToken cancellationToken) =>
        ProvisionAsync(pullRequest.Names, password, cancellationToken);

    /// <summary>Creates or resets the ACL user of <paramref name="names"/> (a PR's or the baseline's), and saves the server's users.</summary>
    public async Task ProvisionAsync(PreviewNames names, string password, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync().ConfigureAwait(false);
        var database = connection.GetDatabase();
        object[] args = ["SETUSER", names.RedisUser, "reset", $">{password}", .. Rules(names)];
        await database.ExecuteAsync("ACL", args).WaitAsync(cancellationToken).ConfigureAwait(false);
        await SaveUsersAsync(database, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the PR's ACL user (disconnecting its clients), saves the server's users, and deletes every key under its
    /// prefix. Succeeds when nothing exists.
    /// </summary>
    public async Task TeardownAsync(PullRequestId pullRequest, CancellationToken cancellationToken)
    {
        var names = pullRequest.Names;
        await using var connection = await ConnectAsync().ConfigureAwait(false);
        var database = connection.GetDatabase();
        await database.ExecuteAsync("ACL", "DELUSER", names.RedisUser).WaitAsync(cancellationToken).ConfigureAwait(false);
        await SaveUsersAsync(database, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// <c>ACL SAVE</c>: writes all the server's users to its ACL file, so a restarted server loads them again. Redis runs
    /// commands one at a time and each save writes the whole current set (through a temporary file it renames), so
    /// provisioners saving at once leave the file as the last change left the users. A server configured without an
    /// ACL file refuses the save, and that is no failure: it has nowhere to keep users across a restart.
    /// </summary>
    private static async Task SaveUsersAsync(IDatabase database, CancellationToken cancellationToken)
    {
        try
        {
            await database.ExecuteAsync("ACL", "SAVE").WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains(NoAclFileError, StringComparison.OrdinalIgnoreCase))
        {
        }
        catch (RedisServerException ex)
        {
            throw new ProvisioningException($"Redis could not save its users to its ACL file, so they would be lost when it restarts: {ex.Message}", ex);
        }
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
