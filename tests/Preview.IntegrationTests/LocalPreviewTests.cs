using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static PreviewAspire.IntegrationTests.PreviewStackFixture;

namespace PreviewAspire.IntegrationTests;

/// <summary>A PR's full stack through the router's hostnames, on real Postgres, Redis and RabbitMQ.</summary>
[Collection(PreviewStackCollection.Name)]
public sealed class LocalPreviewTests(PreviewStackFixture stack)
{
    [Fact]
    public async Task The_api_host_serves_the_seeded_orders()
    {
        var orders = await stack.GetOrdersAsync(Seven);
        Assert.True(orders.Count >= 3);
        var seeded = orders.Where(o => o.GetProperty("id").GetInt64() <= 3).ToList();
        Assert.Equal(3, seeded.Count);
        foreach (var order in seeded)
        {
            foreach (var field in new[] { "id", "customer", "item", "quantity", "status", "createdAt" })
            {
                Assert.True(order.TryGetProperty(field, out _), $"order lacks '{field}'");
            }
        }

        // Both previews start from the same seed.
        var eight = await stack.GetOrdersAsync(Eight);
        Assert.Equal(
            seeded.Select(o => o.GetProperty("customer").GetString()),
            eight.Where(o => o.GetProperty("id").GetInt64() <= 3).Select(o => o.GetProperty("customer").GetString()));
    }

    [Fact]
    public async Task A_placed_order_is_processed_by_the_worker_and_counted()
    {
        var before = await stack.GetProcessedAsync(Seven);
        var order = await stack.PlaceOrderAsync(Seven, "Integration Tester", "Gizmo", 2);
        Assert.Equal("pending", order.GetProperty("status").GetString());
        Assert.Equal(2, order.GetProperty("quantity").GetInt32());
        var id = order.GetProperty("id").GetInt64();

        await Eventually.WaitAsync(async () =>
        {
            using var response = await stack.SendAsync(ApiHost(Seven), HttpMethod.Get, $"/orders/{id}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
        }, status => status == "processed", what: $"order {id} to be processed");

        await Eventually.WaitAsync(() => stack.GetProcessedAsync(Seven), n => n >= before + 1, what: "/stats to grow");
    }

    [Fact]
    public async Task The_frontend_host_lists_a_new_order()
    {
        var customer = $"Frontend Viewer {Guid.NewGuid():N}"[..24];
        await stack.PlaceOrderAsync(Seven, customer, "Lamp", 4);

        using var response = await stack.SendAsync(FrontendHost(Seven), HttpMethod.Get, "/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(customer, html);
        Assert.Contains("Lamp", html);
    }

    [Fact]
    public async Task An_order_for_a_missing_id_is_404()
    {
        using var response = await stack.SendAsync(ApiHost(Seven), HttpMethod.Get, "/orders/987654321");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"customer\":\"\",\"item\":\"x\",\"quantity\":1}")]
    [InlineData("{\"customer\":\"Bob\",\"item\":\"  \",\"quantity\":1}")]
    [InlineData("{\"customer\":\"Bob\",\"item\":\"x\",\"quantity\":0}")]
    [InlineData("{\"customer\":\"Bob\",\"item\":\"x\",\"quantity\":-3}")]
    [InlineData("{\"item\":\"x\",\"quantity\":1}")]
    [InlineData("not json")]
    public async Task An_invalid_order_is_400_problem_details_and_stores_nothing(string body)
    {
        var before = (await stack.GetOrdersAsync(Eight)).Count;
        using var response = await stack.SendAsync(ApiHost(Eight), HttpMethod.Post, "/orders", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, (await stack.GetOrdersAsync(Eight)).Count);
    }

    [Theory]
    [InlineData("pr9.preview.localhost")]
    [InlineData("pr9-api.preview.localhost")]
    [InlineData("localhost")]
    [InlineData("preview.localhost")]
    [InlineData("pr7.other.example")]
    [InlineData("pr07.preview.localhost")]
    public async Task An_unknown_host_gets_a_plain_404_naming_it(string host)
    {
        using var response = await stack.SendAsync(host, HttpMethod.Get, "/orders");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(host, body);
        Assert.DoesNotContain("customer", body);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    [InlineData("frontend")]
    public async Task Every_service_reports_healthy_outside_development(string service)
    {
        using var client = stack.App.CreateHttpClient(Seven.Names.Service(service));
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
