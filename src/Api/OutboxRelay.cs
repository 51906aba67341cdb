using PreviewAspire.Orders;

namespace PreviewAspire.Api;

/// <summary>
/// Publishes the messages of the order outbox: at once when an order is stored, and every
/// <see cref="PollInterval"/> after that, so messages stored while the broker was down go out once it is back.
/// A message leaves the outbox only after the broker confirmed it; the worker handles a repeat idempotently.
/// </summary>
internal sealed partial class OutboxRelay(
    OrderOutbox outbox,
    OrderCreatedPublisher publisher,
    OutboxSignal signal,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>How often the outbox is checked when nothing signals it.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The most messages taken in one batch.</summary>
    public const int BatchSize = 100;

    // Bounds a batch against a stalled broker, well under the role's idle-in-transaction timeout.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = PollInterval;
            try
            {
                await publisher.ConnectAsync(stoppingToken);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(PublishTimeout);
                var published = await outbox.RelayAsync(publisher.PublishAsync, BatchSize, timeout.Token);
                if (failures > 0)
                {
                    LogRecovered(logger, failures);
                    failures = 0;
                }

                if (published == BatchSize)
                {
                    continue;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                if (failures++ == 0)
                {
                    LogFailed(logger, exception);
                }

                wait = TimeSpan.FromTicks(Math.Min(PollInterval.Ticks * failures, MaxBackoff.Ticks));
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the order outbox failed; the messages stay in the outbox and are retried")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing the order outbox works again after {Failures} failed tries")]
    private static partial void LogRecovered(ILogger logger, int failures);
}
