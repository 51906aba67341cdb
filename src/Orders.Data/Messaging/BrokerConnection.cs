using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace PreviewAspire.Orders;

/// <summary>
/// The RabbitMQ connection, resolved only when a caller needs it and waited for while the broker is down, so services
/// start without the broker and connect when it comes up. Once open, the client's automatic recovery keeps it.
/// </summary>
public sealed partial class BrokerConnection(IServiceProvider services, ILogger<BrokerConnection> logger)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>The connection, waiting (with backoff, logging once) until the broker accepts one.</summary>
    public async Task<IConnection> WaitAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The Aspire client creates the connection on first resolution, retrying a few times itself; a failed
                // creation is not cached, so the next resolution tries again.
                var connection = await Task.Run(services.GetRequiredService<IConnection>, cancellationToken);
                if (attempt > 1)
                {
                    LogConnected(logger);
                }

                return connection;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (attempt == 1)
                {
                    LogWaiting(logger, exception);
                }

                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ is unreachable; waiting for it (messages are kept until it is back)")]
    private static partial void LogWaiting(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to RabbitMQ")]
    private static partial void LogConnected(ILogger logger);
}
