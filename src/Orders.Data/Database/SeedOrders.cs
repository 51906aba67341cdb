namespace PreviewAspire.Orders.Database;

/// <summary>The fixed dataset every preview starts from; inserted in this order, so ids are 1, 2, 3.</summary>
internal static class SeedOrders
{
    /// <summary>The seed rows. <see cref="Order.Id"/> is ignored: the database assigns it.</summary>
    public static IReadOnlyList<Order> All { get; } =
    [
        new(0, "Ada Lovelace", "Analytical engine punch cards", 3, OrderStatus.Processed, new DateTimeOffset(2024, 1, 15, 9, 0, 0, TimeSpan.Zero)),
        new(0, "Grace Hopper", "Compiler manual", 1, OrderStatus.Processed, new DateTimeOffset(2024, 1, 16, 10, 30, 0, TimeSpan.Zero)),
        new(0, "Alan Turing", "Enigma rotor", 2, OrderStatus.Processed, new DateTimeOffset(2024, 1, 17, 14, 45, 0, TimeSpan.Zero)),
    ];
}
