namespace PreviewAspire.Orders;

/// <summary>An order as stored and as served: JSON <c>{id, customer, item, quantity, status, createdAt}</c>.</summary>
/// <param name="Id">The database-generated id.</param>
/// <param name="Customer">Who ordered.</param>
/// <param name="Item">What was ordered.</param>
/// <param name="Quantity">How many, at least 1.</param>
/// <param name="Status">One of the <see cref="OrderStatus"/> values.</param>
/// <param name="CreatedAt">When the order was stored.</param>
public sealed record Order(long Id, string Customer, string Item, int Quantity, string Status, DateTimeOffset CreatedAt);
