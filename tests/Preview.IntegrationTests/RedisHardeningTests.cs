using StackExchange.Redis;
using static PreviewAspire.IntegrationTests.PreviewStackFixture;

namespace PreviewAspire.IntegrationTests;

/// <summary>With PR 7's real Redis credentials, nothing that acts on server-wide state or reveals other PRs' keys runs.</summary>
[Collection(PreviewStackCollection.Name)]
public sealed class RedisHardeningTests(PreviewStackFixture stack)
{
    public static TheoryData<string[]> ServerWideCommands => new()
    {
        new[] { "FUNCTION", "FLUSH" }, new[] { "FUNCTION", "LOAD", "#!lua name=probe\nredis.register_function('probe', function() return 1 end)" },
        new[] { "SCRIPT", "FLUSH" }, new[] { "SCRIPT", "LOAD", "return 1" }, new[] { "EVAL", "return 1", "0" },
        new[] { "CLIENT", "TRACKING", "ON", "BCAST" }, new[] { "CLIENT", "LIST" }, new[] { "CLIENT", "KILL", "ID", "1" },
        new[] { "CLIENT", "PAUSE", "1000" }, new[] { "CONFIG", "SET", "maxmemory", "0" },
        new[] { "SAVE" }, new[] { "BGSAVE" }, new[] { "BGREWRITEAOF" }, new[] { "REPLICAOF", "NO", "ONE" },
        new[] { "CLUSTER", "INFO" }, new[] { "MODULE", "LIST" }, new[] { "INFO" }, new[] { "SLOWLOG", "GET" },
        new[] { "MEMORY", "STATS" }, new[] { "LATENCY", "LATEST" }, new[] { "OBJECT", "FREQ", "pr8:x" },
    };

    [Theory]
    [MemberData(nameof(ServerWideCommands))]
    public async Task A_server_wide_command_is_refused(string[] command)
    {
        await using var redis = await ConnectAsSevenAsync();
        var error = await Assert.ThrowsAsync<RedisServerException>(() => redis.GetDatabase().ExecuteAsync(command[0], command.Skip(1).ToArray<object>()));
        Assert.Contains("NOPERM", error.Message);
    }

    [Fact]
    public async Task What_the_application_needs_still_works_under_the_prefix()
    {
        await using var redis = await ConnectAsSevenAsync();
        var db = redis.GetDatabase();
        var key = Seven.Names.RedisKeyPrefix + "hardening-" + Guid.NewGuid().ToString("N");
        Assert.True(await db.SetAddAsync(key, 1));
        Assert.False(await db.SetAddAsync(key, 1));
        Assert.Equal(1, await db.SetLengthAsync(key));
        Assert.True(await db.KeyExpireAsync(key, TimeSpan.FromSeconds(30)));
        Assert.True(await db.StringSetAsync(key + ":s", "v", TimeSpan.FromSeconds(30)));
        Assert.True(await db.KeyDeleteAsync(key));
        await db.PingAsync();

        var received = new TaskCompletionSource<string>();
        var channel = RedisChannel.Literal(Seven.Names.RedisKeyPrefix + "events");
        await redis.GetSubscriber().SubscribeAsync(channel, (_, message) => received.TrySetResult(message!));
        await redis.GetSubscriber().PublishAsync(channel, "hello");
        Assert.Equal("hello", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        // The services use the same user and report /stats from Redis.
        Assert.True(await stack.GetProcessedAsync(Seven) >= 0);
    }

    [Fact]
    public async Task Debug_is_denied_by_the_acl_not_only_by_the_servers_configuration()
    {
        // The server refuses DEBUG to everyone before the ACL is consulted, so ask the ACL itself.
        await using var admin = await ConnectAsAdminAsync();
        var verdict = (string?)await admin.GetDatabase().ExecuteAsync("ACL", "DRYRUN", Seven.Names.RedisUser, "DEBUG", "SLEEP", "0");
        Assert.Contains("no permissions", verdict);
    }

    [Fact]
    public async Task Redis_memory_is_bounded_with_cache_eviction()
    {
        await using var admin = await ConnectAsAdminAsync();
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var config = (await server.ConfigGetAsync("maxmemory*")).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal((256L * 1024 * 1024).ToString(), config["maxmemory"]);
        Assert.Equal("allkeys-lru", config["maxmemory-policy"]);
    }

    private async Task<ConnectionMultiplexer> ConnectAsAdminAsync()
    {
        var options = ConfigurationOptions.Parse((await stack.EnginesAsync()).Redis);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private Task<ConnectionMultiplexer> ConnectAsSevenAsync() => stack.RedisAsAsync(Seven);
}
