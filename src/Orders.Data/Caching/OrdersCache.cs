using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace PreviewAspire.Orders;

/// <summary>
/// The Redis side of orders: a short-lived read cache whose failures are logged and never fatal,
/// and the processed-orders counter.
/// </summary>
public sealed partial class OrdersCache(IConnectionMultiplexer redis, OrdersCacheKeys keys, ILogger<OrdersCache> logger)
{
    /// <summary>How long a cached read lives.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    /// <summary>All orders from the cache, else from <paramref name="load"/> (then cached).</summary>
    public Task<IReadOnlyList<Order>> GetOrLoadAllAsync(Func<CancellationToken, Task<IReadOnlyList<Order>>> load, CancellationToken cancellationToken) =>
        GetOrLoadAsync(keys.AllOrders, load, cancellationToken);

    /// <summary>One order from the cache, else from <paramref name="load"/> (then cached when found).</summary>
    public Task<Order?> GetOrLoadAsync(long id, Func<CancellationToken, Task<Order?>> load, CancellationToken cancellationToken) =>
        GetOrLoadAsync(keys.Order(id), load, cancellationToken);

    /// <summary>Removes the cached list and, when given, the cached order. Failures are logged.</summary>
    public async Task InvalidateAsync(long? orderId = null)
    {
        RedisKey[] stale = orderId is { } id ? [keys.AllOrders, keys.Order(id)] : [keys.AllOrders];
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(stale);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCacheFailure(logger, exception, "invalidate", string.Join(' ', stale));
        }
    }

    /// <summary>How many orders the worker has processed; 0 when nothing was counted yet. Throws when Redis fails.</summary>
    public async Task<long> GetProcessedCountAsync() => await redis.GetDatabase().SetLengthAsync(keys.ProcessedOrders);

    /// <summary>
    /// Counts <paramref name="orderId"/> as processed: the count is the size of the set of processed ids, so a
    /// redelivered message never counts twice. Returns whether this call counted it. Throws when Redis fails, so the
    /// caller can retry. (No Lua script: preview users may not run scripts on the shared server.)
    /// </summary>
    public Task<bool> CountProcessedAsync(long orderId) => redis.GetDatabase().SetAddAsync(keys.ProcessedOrders, orderId);

    private async Task<T> GetOrLoadAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
        where T : class?
    {
        var database = redis.GetDatabase();
        try
        {
            var cached = await database.StringGetAsync(key);
            if (!cached.IsNullOrEmpty && JsonSerializer.Deserialize<T>((string)cached!, OrdersJson.Options) is { } hit)
            {
                return hit;
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or JsonException)
        {
            LogCacheFailure(logger, exception, "read", key);
        }

        var loaded = await load(cancellationToken);
        if (loaded is not null)
        {
            try
            {
                await database.StringSetAsync(key, JsonSerializer.Serialize(loaded, OrdersJson.Options), TimeToLive);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                LogCacheFailure(logger, exception, "write", key);
            }
        }

        return loaded;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orders cache {Operation} failed for {Keys}; continuing without the cache")]
    private static partial void LogCacheFailure(ILogger logger, Exception exception, string operation, string keys);
}
