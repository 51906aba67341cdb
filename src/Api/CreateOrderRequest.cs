namespace PreviewAspire.Api;

/// <summary>The body of <c>POST /orders</c>: <c>{customer, item, quantity}</c>.</summary>
/// <param name="Customer">Who orders; required, at most <see cref="MaxTextLength"/> characters.</param>
/// <param name="Item">What is ordered; required, at most <see cref="MaxTextLength"/> characters.</param>
/// <param name="Quantity">How many; at least 1.</param>
internal sealed record CreateOrderRequest(string? Customer, string? Item, int? Quantity)
{
    /// <summary>The longest accepted customer or item, after trimming.</summary>
    public const int MaxTextLength = 200;

    /// <summary>The problems with this request by camelCase field name; empty when it is valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidateText(errors, "customer", Customer);
        ValidateText(errors, "item", Item);
        if (Quantity is null)
        {
            errors["quantity"] = ["Quantity is required."];
        }
        else if (Quantity < 1)
        {
            errors["quantity"] = ["Quantity must be at least 1."];
        }

        return errors;
    }

    private static void ValidateText(Dictionary<string, string[]> errors, string field, string? value)
    {
        var label = char.ToUpperInvariant(field[0]) + field[1..];
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{label} is required."];
        }
        else if (value.Trim().Length > MaxTextLength)
        {
            errors[field] = [$"{label} must be at most {MaxTextLength} characters."];
        }
    }
}
