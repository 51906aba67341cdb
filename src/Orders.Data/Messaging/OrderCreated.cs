namespace PreviewAspire.Orders;

/// <summary>The message published when an order is stored: JSON <c>{"orderId": 1}</c> on queue <see cref="OrderMessaging.Queue"/>.</summary>
/// <param name="OrderId">The id of the stored order.</param>
public sealed record OrderCreated(long OrderId);
