using System.Diagnostics;
using Microsoft.Extensions.Options;
using PreviewAspire.Orders;

namespace PreviewAspire.Worker;

/// <summary>
/// Handles one <see cref="OrderCreated"/>: marks the order processed in Postgres, counts it once in Redis and
/// invalidates its cached reads. Failures are retried with backoff for <see cref="ProcessingRetryOptions.GiveUpAfter"/>.
/// </summary>
internal sealed partial class OrderProcessor(
    OrderRepository orders,
    OrdersCache cache,
    IOptions<ProcessingRetryOptions> retryOptions,
    ILogger<OrderProcessor> logger)
{
    private readonly ProcessingRetryOptions retry = retryOptions.Value;

    /// <summary>
    /// Processes the order. The count is a set of order ids, so counting again is harmless: every message for an
    /// existing order counts it, and a redelivered or twice-published message still counts once.
    /// Throws when the order could not be processed within <see cref="ProcessingRetryOptions.GiveUpAfter"/>.
    /// </summary>
    public async Task<MarkProcessedResult> ProcessAsync(long orderId, CancellationToken cancellationToken)
    {
        MarkProcessedResult? marked = null;
        long? firstFailure = null;
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

                await cache.CountProcessedAsync(orderId);

                await cache.InvalidateAsync(orderId);
                return marked.Value;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                firstFailure ??= Stopwatch.GetTimestamp();
                var backoff = retry.DelayAfter(attempt);
                if (Stopwatch.GetElapsedTime(firstFailure.Value) + backoff > retry.GiveUpAfter)
                {
                    throw;
                }

                LogRetry(logger, exception, orderId, attempt, backoff.TotalMilliseconds);
                await Task.Delay(backoff, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing order {OrderId} failed (attempt {Attempt}); retrying in {BackoffMs} ms")]
    private static partial void LogRetry(ILogger logger, Exception exception, long orderId, int attempt, double backoffMs);
}
