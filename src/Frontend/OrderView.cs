namespace PreviewAspire.Frontend;

/// <summary>An order as the API returns it.</summary>
/// <param name="Id">The order id.</param>
/// <param name="Customer">Who ordered.</param>
/// <param name="Item">What was ordered.</param>
/// <param name="Quantity">How many.</param>
/// <param name="Status">pending or processed.</param>
/// <param name="CreatedAt">When the order was stored.</param>
public sealed record OrderView(long Id, string Customer, string Item, int Quantity, string Status, DateTimeOffset CreatedAt);
