using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace PreviewAspire.ServiceDefaults;

/// <summary>Registers a Redis client that works under a preview's restricted Redis ACL user.</summary>
public static class PreviewRedisExtensions
{
    /// <summary>
    /// Adds the Aspire Redis client for <paramref name="connectionName"/> (connection string
    /// <c>ConnectionStrings__{connectionName}</c>), configured by <see cref="RestrictToPreviewUser"/>. Commands fail
    /// fast while Redis is unreachable instead of queueing, so callers that treat Redis as a cache fall back at once.
    /// </summary>
    public static IHostApplicationBuilder AddPreviewRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.AddRedisClient(connectionName, configureOptions: options =>
        {
            RestrictToPreviewUser(options);
            options.BacklogPolicy = BacklogPolicy.FailFast;
        });
        return builder;
    }

    /// <summary>
    /// Makes a StackExchange.Redis client work as an ACL user that may only touch keys and channels under its prefix
    /// and is denied <c>@admin</c> and <c>@dangerous</c> commands.
    /// </summary>
    /// <remarks>
    /// The client does not send the discovery commands such a user is denied (<c>INFO</c>, <c>CONFIG</c>,
    /// <c>CLUSTER</c>), nor touch its unprefixed tie-breaker key or configuration-change channel, and it speaks
    /// RESP3 so the <c>HELLO</c> handshake tells it the server version and role. The connection never depends on a
    /// denied command; the client's fire-and-forget replica probe (a <c>SET</c> of a random key) is still refused
    /// once per connection and shows in <c>ACL LOG</c>, harmlessly.
    /// </remarks>
    public static void RestrictToPreviewUser(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CommandMap = CommandMap.Create(["INFO", "CONFIG", "CLUSTER"], available: false);
        options.TieBreaker = string.Empty;
        options.ConfigurationChannel = string.Empty;
        options.Protocol = RedisProtocol.Resp3;
        options.AbortOnConnectFail = false;
    }
}
