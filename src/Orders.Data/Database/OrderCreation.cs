namespace PreviewAspire.Orders;

/// <summary>The outcome of <see cref="OrderRepository.CreateAsync"/>.</summary>
/// <param name="Order">The order as stored.</param>
/// <param name="Created">False when the idempotency key belonged to an earlier order, which is <paramref name="Order"/>.</param>
public sealed record OrderCreation(Order Order, bool Created);
