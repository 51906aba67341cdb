using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static PreviewAspire.IntegrationTests.PreviewStackFixture;

namespace PreviewAspire.IntegrationTests;

/// <summary>A client that repeats <c>POST /orders</c> with one <c>Idempotency-Key</c> creates one order.</summary>
[Collection(PreviewStackCollection.Name)]
public sealed class IdempotencyKeyTests(PreviewStackFixture stack)
{
    [Fact]
    public async Task Repeated_posts_with_one_key_create_one_order()
    {
        var key = Guid.NewGuid().ToString();
        var customer = $"Retrying {key[..8]}";
        var processedBefore = await stack.SettledProcessedCountAsync(Seven);

        var first = await PostAsync(key, customer);
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.False(first.Replayed);

        // Sequential retries and a burst of concurrent ones, as a client with timeouts would send.
        var repeats = new List<(HttpStatusCode Status, long Id, bool Replayed)> { await PostAsync(key, customer), await PostAsync(key, customer) };
        repeats.AddRange(await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(key, customer))));
        Assert.All(repeats, r => Assert.Equal((HttpStatusCode.Created, first.Id, true), r));

        Assert.Single(await stack.GetOrdersAsync(Seven), o => o.GetProperty("customer").GetString() == customer);
        await Eventually.WaitAsync(() => stack.GetOrderStatusAsync(Seven, first.Id), s => s == "processed", what: "the order");
        await Task.Delay(1000);
        Assert.Equal(processedBefore + 1, await stack.GetProcessedAsync(Seven));
    }

    [Fact]
    public async Task A_key_reused_for_a_different_order_is_422_and_stores_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var customer = $"Reuser {key[..8]}";
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(key, customer)).Status);

        using var response = await SendAsync(key, new { customer, item = "Something else", quantity = 2 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("already used for a different order", await response.Content.ReadAsStringAsync());
        Assert.Single(await stack.GetOrdersAsync(Seven), o => o.GetProperty("customer").GetString() == customer);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData(201)]
    public async Task A_malformed_key_is_400(object keyOrLength)
    {
        var key = keyOrLength as string ?? new string('k', (int)keyOrLength);
        using var response = await SendAsync(key, new { customer = "Malformed Key", item = "Widget", quantity = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, long Id, bool Replayed)> PostAsync(string key, string customer)
    {
        using var response = await SendAsync(key, new { customer, item = "Widget", quantity = 1 });
        var id = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64() : 0;
        return (response.StatusCode, id, response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true"));
    }

    private Task<HttpResponseMessage> SendAsync(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(body) };
        request.Headers.Host = ApiHost(Seven);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return stack.Router.SendAsync(request);
    }
}
