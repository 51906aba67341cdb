namespace PreviewAspire.Orders;

/// <summary>The values of <see cref="Order.Status"/>.</summary>
public static class OrderStatus
{
    /// <summary>Stored, not yet handled by the worker.</summary>
    public const string Pending = "pending";

    /// <summary>Handled by the worker.</summary>
    public const string Processed = "processed";
}
