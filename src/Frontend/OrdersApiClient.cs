using System.Net;
using Microsoft.AspNetCore.Http;

namespace PreviewAspire.Frontend;

/// <summary>The API as the frontend uses it, reached through service discovery of the resource named <c>api</c>.</summary>
public sealed class OrdersApiClient(HttpClient http)
{
    /// <summary>
    /// Resolved by service discovery from <c>services__api__https__0</c> or <c>services__api__http__0</c>,
    /// preferring HTTPS; the AppHost injects them for its reference named <c>api</c>.
    /// </summary>
    public static readonly Uri BaseAddress = new("https+http://api");

    /// <summary>Every order, ordered by id.</summary>
    public async Task<IReadOnlyList<OrderView>> ListAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<OrderView>>("/orders", cancellationToken) ?? [];

    /// <summary>
    /// Creates an order. Returns the API's validation errors by field (camelCase) when it rejected the input,
    /// or <see langword="null"/> with the stored order when it was created.
    /// </summary>
    public async Task<(OrderView? Order, IDictionary<string, string[]>? Errors)> CreateAsync(
        string? customer, string? item, int? quantity, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/orders", new { customer, item, quantity }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(cancellationToken);
            return (null, problem?.Errors ?? new Dictionary<string, string[]> { [string.Empty] = ["The API rejected the order."] });
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<OrderView>(cancellationToken), null);
    }
}
