using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace PreviewAspire.Hosting.Engines;

/// <summary>
/// What the shared engines are bounded to, the same whether they run as local processes or as containers: Redis's
/// memory and eviction policy, the largest message RabbitMQ accepts, and Postgres's connections (which the PRs' role
/// connection limits share).
/// </summary>
public static partial class EngineLimits
{
    /// <summary>The configuration key of Redis's memory bound (a redis size such as <c>256mb</c> or <c>1gb</c>).</summary>
    public const string RedisMaxMemoryKey = "Preview:Engines:RedisMaxMemory";

    /// <summary>The memory bound when <see cref="RedisMaxMemoryKey"/> is not set.</summary>
    public const string DefaultRedisMaxMemory = "256mb";

    /// <summary>What Redis evicts at its memory bound: the least recently used keys, as suits a cache.</summary>
    public const string RedisEvictionPolicy = "allkeys-lru";

    /// <summary>The largest message RabbitMQ accepts, in bytes (4 MiB).</summary>
    public const int RabbitMqMaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>Postgres's <c>max_connections</c>.</summary>
    public const int PostgresMaxConnections = 400;

    /// <summary>Redis's memory bound from <paramref name="configuration"/>, or a <see cref="PreviewUsageException"/> naming the setting.</summary>
    public static string RedisMaxMemory(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var maxMemory = configuration[RedisMaxMemoryKey] is { Length: > 0 } configured ? configured : DefaultRedisMaxMemory;
        return RedisSize().IsMatch(maxMemory)
            ? maxMemory
            : throw new PreviewUsageException($"{RedisMaxMemoryKey} is '{maxMemory}'; expected a size such as 256mb or 1gb (default {DefaultRedisMaxMemory}).");
    }

    [GeneratedRegex("^[1-9][0-9]*(kb|mb|gb)?$", RegexOptions.IgnoreCase)]
    private static partial Regex RedisSize();
}
