namespace PreviewAspire.Orders;

/// <summary>The Redis keys of the orders cache and statistics, all under one preview's key prefix.</summary>
/// <param name="prefix">The preview's Redis key prefix, for example <c>pr42:</c>.</param>
public sealed class OrdersCacheKeys(string prefix)
{
    /// <summary>The prefix every key starts with.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The cached list of all orders.</summary>
    public string AllOrders => $"{Prefix}orders:all";

    /// <summary>The set of ids of the orders the worker has processed; its size is the processed count.</summary>
    public string ProcessedOrders => $"{Prefix}stats:processed-orders";

    /// <summary>The cached order with <paramref name="id"/>.</summary>
    public string Order(long id) => $"{Prefix}orders:{id}";
}
