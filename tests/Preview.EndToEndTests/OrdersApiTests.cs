using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreviewAspire.EndToEndTests;

/// <summary>The API of the preview: health, the seeded orders, placing an order that the worker processes, validation.</summary>
public sealed class OrdersApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [PreviewFact]
    public async Task ApiIsHealthy()
    {
        using var api = PreviewTarget.Client(PreviewTarget.Api!);
        using var response = await Eventually.SucceedsAsync(() => api.GetAsync("health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [PreviewFact]
    public async Task SeededOrdersAreServed()
    {
        using var api = PreviewTarget.Client(PreviewTarget.Api!);
        var orders = await api.GetFromJsonAsync<List<OrderView>>("orders", Json);
        Assert.NotNull(orders);
        Assert.Superset(new HashSet<string> { "Ada Lovelace", "Grace Hopper", "Alan Turing" }, orders.Select(o => o.Customer).ToHashSet());
    }

    [PreviewFact]
    public async Task APlacedOrderIsStoredAndProcessedByTheWorker()
    {
        using var api = PreviewTarget.Client(PreviewTarget.Api!);
        var customer = $"E2E {Guid.NewGuid():N}";
        using var created = await api.PostAsJsonAsync("orders", new { customer, item = "Difference engine", quantity = 2 }, Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var order = (await created.Content.ReadFromJsonAsync<OrderView>(Json))!;
        Assert.Equal((customer, "pending"), (order.Customer, order.Status));

        var processed = await Eventually.MatchesAsync(
            () => api.GetFromJsonAsync<OrderView>($"orders/{order.Id}", Json),
            o => o?.Status == "processed",
            TimeSpan.FromSeconds(60));
        Assert.Equal(2, processed!.Quantity);
    }

    [PreviewFact]
    public async Task AnInvalidOrderIsRejectedAndNotStored()
    {
        using var api = PreviewTarget.Client(PreviewTarget.Api!);
        var customer = $"E2E invalid {Guid.NewGuid():N}";
        using var response = await api.PostAsJsonAsync("orders", new { customer, item = "Nothing", quantity = 0 }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var orders = await api.GetFromJsonAsync<List<OrderView>>("orders", Json);
        Assert.DoesNotContain(orders!, o => o.Customer == customer);
    }

    [PreviewFact]
    public async Task AnUnknownOrderIsNotFound()
    {
        using var api = PreviewTarget.Client(PreviewTarget.Api!);
        using var response = await api.GetAsync($"orders/{long.MaxValue}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [PreviewFact]
    public async Task AHostThatIsNoPreviewIsNotFound()
    {
        if (PreviewTarget.Unknown is not { } unknown)
        {
            return; // PREVIEW_UNKNOWN_URL not set: nothing to check.
        }

        using var client = PreviewTarget.Client(unknown);
        using var response = await client.GetAsync(string.Empty);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
