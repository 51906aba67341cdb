using PreviewAspire.Orders;
using RabbitMQ.Client;

namespace PreviewAspire.Api;

/// <summary>
/// Publishes <see cref="OrderCreated"/> messages as persistent messages on one channel with publisher confirms,
/// so a publish returns only once the broker has taken responsibility for the message.
/// </summary>
internal sealed class OrderCreatedPublisher(IConnection connection) : IAsyncDisposable
{
    private static readonly CreateChannelOptions ConfirmedChannel = new(
        publisherConfirmationsEnabled: true,
        publisherConfirmationTrackingEnabled: true);

    private readonly SemaphoreSlim gate = new(1, 1);
    private IChannel? channel;

    /// <summary>Publishes <paramref name="message"/> to <see cref="OrderMessaging.Queue"/>.</summary>
    public async Task PublishAsync(OrderCreated message, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = OrderMessaging.ContentType,
            MessageId = $"order-created-{message.OrderId}",
        };

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (channel is not { IsOpen: true })
            {
                if (channel is not null)
                {
                    await channel.DisposeAsync();
                }

                channel = await connection.CreateChannelAsync(ConfirmedChannel, cancellationToken);
            }

            await channel.BasicPublishAsync(
                exchange: string.Empty,
                routingKey: OrderMessaging.Queue,
                mandatory: true,
                basicProperties: properties,
                body: OrderMessaging.Serialize(message),
                cancellationToken: cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (channel is not null)
        {
            await channel.DisposeAsync();
        }

        gate.Dispose();
    }
}
