using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using RabbitMQ.Client;

namespace PreviewAspire.Orders;

/// <summary>
/// The RabbitMQ topology of orders: durable queue <see cref="Queue"/>, whose rejected messages are dead-lettered
/// through fanout exchange <see cref="DeadLetterExchange"/> into durable queue <see cref="DeadLetterQueue"/>.
/// </summary>
public static class OrderMessaging
{
    /// <summary>The queue <see cref="OrderCreated"/> messages are published to (through the default exchange).</summary>
    public const string Queue = "order-created";

    /// <summary>The fanout exchange that receives messages rejected from <see cref="Queue"/>.</summary>
    public const string DeadLetterExchange = "order-created.dead";

    /// <summary>The queue that keeps dead-lettered messages for inspection.</summary>
    public const string DeadLetterQueue = "order-created.dead";

    /// <summary>The content type of every message body.</summary>
    public const string ContentType = "application/json";

    /// <summary>Declares the topology. Idempotent; publishers and consumers both call it at startup.</summary>
    public static async Task DeclareTopologyAsync(IChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, routingKey: string.Empty, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(
            Queue,
            durable: true,
            exclusive: false,
            autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-dead-letter-exchange"] = DeadLetterExchange },
            cancellationToken: cancellationToken);
    }

    /// <summary>The JSON body of <paramref name="message"/>.</summary>
    public static byte[] Serialize(OrderCreated message) => JsonSerializer.SerializeToUtf8Bytes(message, OrdersJson.Options);

    /// <summary>Reads a message body; false when it is not a valid <see cref="OrderCreated"/>.</summary>
    public static bool TryDeserialize(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out OrderCreated? message)
    {
        try
        {
            message = JsonSerializer.Deserialize<OrderCreated>(body.Span, OrdersJson.Options);
            return message is { OrderId: > 0 };
        }
        catch (JsonException)
        {
            message = null;
            return false;
        }
    }
}
