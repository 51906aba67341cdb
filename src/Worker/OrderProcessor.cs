using PreviewAspire.Orders;

namespace PreviewAspire.Worker;

/// <summary>
/// Handles one <see cref="OrderCreated"/>: marks the order processed in Postgres, counts it once in Redis and
/// invalidates its cached reads. Transient failures are retried a few times with a short backoff.
/// </summary>
internal sealed partial class OrderProcessor(OrderRepository orders, OrdersCache cache, ILogger<OrderProcessor> logger)
{
    /// <summary>How often one message is tried before it is given up and dead-lettered.</summary>
    public const int MaxAttempts = 3;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Processes the order. The counter grows only when this message changed the order from pending to processed,
    /// or when the message is a redelivery whose first delivery may have failed between the database commit and
    /// the count; counting is idempotent per order, so neither case can count twice.
    /// Throws when every attempt failed.
    /// </summary>
    public async Task<MarkProcessedResult> ProcessAsync(long orderId, bool redelivered, CancellationToken cancellationToken)
    {
        MarkProcessedResult? marked = null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Once the update has committed, retries only repeat the Redis steps.
                marked ??= await orders.MarkProcessedAsync(orderId, cancellationToken);
                if (marked is MarkProcessedResult.NotFound)
                {
                    return MarkProcessedResult.NotFound;
                }

                if (marked is MarkProcessedResult.Processed || redelivered)
                {
                    await cache.CountProcessedAsync(orderId);
                }

                await cache.InvalidateAsync(orderId);
                return marked.Value;
            }
            catch (Exception exception) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                var backoff = FirstBackoff * Math.Pow(3, attempt - 1);
                LogRetry(logger, exception, orderId, attempt, MaxAttempts, backoff.TotalMilliseconds);
                await Task.Delay(backoff, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing order {OrderId} failed (attempt {Attempt} of {MaxAttempts}); retrying in {BackoffMs} ms")]
    private static partial void LogRetry(ILogger logger, Exception exception, long orderId, int attempt, int maxAttempts, double backoffMs);
}
