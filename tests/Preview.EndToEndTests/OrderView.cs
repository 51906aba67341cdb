namespace PreviewAspire.EndToEndTests;

/// <summary>An order as the API serves it (<c>{id, customer, item, quantity, status}</c>).</summary>
internal sealed record OrderView(long Id, string Customer, string Item, int Quantity, string Status);
