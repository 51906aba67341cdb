using PreviewAspire.Orders;
using RabbitMQ.Client;

namespace PreviewAspire.Api;

/// <summary>
/// Publishes <see cref="OrderCreated"/> messages as persistent messages on one channel with publisher confirms, so a
/// publish returns only once the broker has taken responsibility for the message (and throws when it refuses it).
/// Used by one <see cref="OutboxRelay"/> at a time.
/// </summary>
internal sealed class OrderCreatedPublisher(BrokerConnection broker) : IAsyncDisposable
{
    private static readonly CreateChannelOptions ConfirmedChannel = new(
        publisherConfirmationsEnabled: true,
        publisherConfirmationTrackingEnabled: true);

    private IChannel? channel;

    /// <summary>Waits for the broker, then opens the channel and declares the topology unless an open channel exists.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (channel is { IsOpen: true })
        {
            return;
        }

        await ResetAsync();
        var connection = await broker.WaitAsync(cancellationToken);
        var opened = await connection.CreateChannelAsync(ConfirmedChannel, cancellationToken);
        await OrderMessaging.DeclareTopologyAsync(opened, cancellationToken);
        channel = opened;
    }

    /// <summary>
    /// Publishes one message per order to <see cref="OrderMessaging.Queue"/>, with the trace context of the request that
    /// stored it as headers; call <see cref="ConnectAsync"/> first.
    /// </summary>
    public async Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var open = channel ?? throw new InvalidOperationException("Not connected: call ConnectAsync first.");
        try
        {
            foreach (var (orderId, trace) in messages)
            {
                var properties = new BasicProperties
                {
                    Persistent = true,
                    ContentType = OrderMessaging.ContentType,
                    MessageId = $"order-created-{orderId}",
                    Headers = new Dictionary<string, object?>(),
                };
                trace.WriteTo(properties.Headers);
                await open.BasicPublishAsync(
                    exchange: string.Empty,
                    routingKey: OrderMessaging.Queue,
                    mandatory: true,
                    basicProperties: properties,
                    body: OrderMessaging.Serialize(new OrderCreated(orderId)),
                    cancellationToken: cancellationToken);
            }
        }
        catch
        {
            // A timed-out or refused publish leaves the channel's confirm state unknown; start the next try afresh.
            await ResetAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(ResetAsync());

    private async Task ResetAsync()
    {
        if (channel is not null)
        {
            var old = channel;
            channel = null;
            try
            {
                await old.DisposeAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Closing a channel of a broken connection fails; it is discarded either way.
            }
        }
    }
}
