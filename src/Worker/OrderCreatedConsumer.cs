using PreviewAspire.Orders;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PreviewAspire.Worker;

/// <summary>
/// Consumes <see cref="OrderMessaging.Queue"/> with manual acknowledgements: a message is acked only after its order
/// was committed as processed, and rejected without requeue (so RabbitMQ dead-letters it into
/// <see cref="OrderMessaging.DeadLetterQueue"/>) when it is malformed, names no existing order, or keeps failing.
/// It starts without the broker and begins consuming once the broker accepts a connection.
/// </summary>
internal sealed partial class OrderCreatedConsumer(
    BrokerConnection broker,
    OrderProcessor processor,
    ILogger<OrderCreatedConsumer> logger) : BackgroundService
{
    /// <summary>How many unacknowledged messages the broker hands this worker at once.</summary>
    public const ushort Prefetch = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = await broker.WaitAsync(stoppingToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        await OrderMessaging.DeclareTopologyAsync(channel, stoppingToken);
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: Prefetch, global: false, stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery, stoppingToken);
        await channel.BasicConsumeAsync(OrderMessaging.Queue, autoAck: false, consumer, stoppingToken);
        LogConsuming(logger, OrderMessaging.Queue);

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: unacknowledged messages return to the queue when the channel closes.
        }
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        // The work continues the trace (and baggage) of the request that stored the order.
        using var activity = TraceContext.ReadFrom(delivery.BasicProperties.Headers).Continue("order-created process");
        if (!OrderMessaging.TryDeserialize(delivery.Body, out var message))
        {
            LogMalformed(logger, delivery.DeliveryTag);
            await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, stoppingToken);
            return;
        }

        MarkProcessedResult result;
        try
        {
            result = await processor.ProcessAsync(message.OrderId, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogGaveUp(logger, exception, message.OrderId);
            await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, stoppingToken);
            return;
        }

        if (result is MarkProcessedResult.NotFound)
        {
            LogUnknownOrder(logger, message.OrderId);
            await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, stoppingToken);
            return;
        }

        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken);
        LogProcessed(logger, message.OrderId, result);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue}")]
    private static partial void LogConsuming(ILogger logger, string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId}: {Result}")]
    private static partial void LogProcessed(ILogger logger, long orderId, MarkProcessedResult result);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {DeliveryTag} is not a valid order-created message; dead-lettering it")]
    private static partial void LogMalformed(ILogger logger, ulong deliveryTag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId} does not exist; dead-lettering its message")]
    private static partial void LogUnknownOrder(ILogger logger, long orderId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Giving up on order {OrderId}; dead-lettering its message")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, long orderId);
}
