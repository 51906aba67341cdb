using System.Net;
using System.Text.Json;

namespace PreviewAspire.Router.Tests;

/// <summary>The router on real Kestrel ports: the host's control path and what preview traffic gets before and after a table.</summary>
public sealed class RouterControlTests : IAsyncLifetime
{
    private EchoBackend _frontend = null!;
    private EchoBackend _api = null!;
    private RunningRouter _router = null!;

    public async Task InitializeAsync()
    {
        _frontend = await EchoBackend.StartAsync("frontend7");
        _api = await EchoBackend.StartAsync("api7");
        _router = await RunningRouter.StartAsync($"--Router:ControlToken={RunningRouter.Token}");
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _frontend.DisposeAsync();
        await _api.DisposeAsync();
    }

    private string Table7 => $$"""{"previews":[{"pullRequest":7,"frontend":"{{_frontend.Url}}","api":"{{_api.Url}}"}]}""";

    [Fact]
    public async Task Before_any_table_a_preview_host_gets_503_with_retry_headers()
    {
        var response = await _router.GetAsync($"pr7.{RunningRouter.Domain}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("The router has no route table yet; the preview host is starting.\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("Refresh")));
    }

    [Fact]
    public async Task A_pushed_table_routes_each_host_to_its_surface_and_unknown_prs_get_404()
    {
        var put = await _router.ControlAsync(HttpMethod.Put, "/routes", Table7);
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);

        var frontend = await _router.GetAsync($"pr7.{RunningRouter.Domain}", "/orders");
        var api = await _router.GetAsync($"PR7-api.{RunningRouter.Domain}:8080", "/orders/1");
        var unknown = await _router.GetAsync($"pr8.{RunningRouter.Domain}");

        Assert.Equal(HttpStatusCode.OK, frontend.StatusCode);
        Assert.StartsWith("frontend7|/orders|", await frontend.Content.ReadAsStringAsync());
        Assert.StartsWith("api7|/orders/1|", await api.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("PR 8 has no running preview here", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forwarding_keeps_the_trace_context_and_tells_the_replica_the_original_host()
    {
        await _router.ControlAsync(HttpMethod.Put, "/routes", Table7);
        const string traceId = "0af7651916cd43dd8448eb211c80319c";

        var response = await _router.GetAsync($"pr7.{RunningRouter.Domain}", "/", request =>
            request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01"));

        var fields = (await response.Content.ReadAsStringAsync()).Split('|');
        Assert.Equal($"pr7.{RunningRouter.Domain}", fields[2]);
        Assert.Equal("http", fields[3]);
        Assert.Equal("127.0.0.1", fields[4]);
        // No tracing listener in the router, so no router span: the caller's context reaches the replica unchanged.
        Assert.Equal($"00-{traceId}-b7ad6b7169203331-01", fields[5]);
    }

    [Fact]
    public async Task A_preview_whose_service_does_not_answer_gets_502_with_retry_headers()
    {
        var closed = LoopbackPorts.Free();
        await _router.ControlAsync(HttpMethod.Put, "/routes", $$"""{"previews":[{"pullRequest":9,"frontend":"http://127.0.0.1:{{closed}}/"}]}""");

        var response = await _router.GetAsync($"pr9.{RunningRouter.Domain}");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("Refresh")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("s3cret-token-and-more")]
    public async Task Without_the_token_the_control_path_answers_401_and_the_table_is_unchanged(string? token)
    {
        var put = await _router.ControlAsync(HttpMethod.Put, "/routes", Table7, token);
        var get = await _router.ControlAsync(HttpMethod.Get, "/routes", token: token);
        var activity = await _router.ControlAsync(HttpMethod.Get, "/activity", token: token);

        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, activity.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _router.GetAsync($"pr7.{RunningRouter.Domain}")).StatusCode);
    }

    [Theory]
    [InlineData("{\"previews\":[{\"pullRequest\":7,")]
    [InlineData("{\"previews\":[{\"pullRequest\":0,\"frontend\":\"http://127.0.0.1:1/\"}]}")]
    [InlineData("{\"previews\":[{\"pullRequest\":8,\"frontend\":\"file:///etc/passwd\"}]}")]
    [InlineData("{\"previews\":[{\"pullRequest\":8,\"api\":\"127.0.0.1:41002\"}]}")]
    [InlineData("{}")]
    public async Task A_malformed_table_answers_400_with_a_reason_and_the_table_in_force_stays(string json)
    {
        await _router.ControlAsync(HttpMethod.Put, "/routes", Table7);

        var put = await _router.ControlAsync(HttpMethod.Put, "/routes", json);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var reason = await put.Content.ReadAsStringAsync();
        Assert.Single(reason.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(HttpStatusCode.OK, (await _router.GetAsync($"pr7.{RunningRouter.Domain}")).StatusCode);
        Assert.Contains(_frontend.Url.ToString(), await (await _router.ControlAsync(HttpMethod.Get, "/routes")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_routes_returns_the_table_in_force()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _router.ControlAsync(HttpMethod.Get, "/routes")).StatusCode);
        await _router.ControlAsync(HttpMethod.Put, "/routes", Table7);

        var response = await _router.ControlAsync(HttpMethod.Get, "/routes");
        var table = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), RouteTableJson.Default.RouteTable);

        Assert.Equal(new PreviewRoute(7, _frontend.Url, _api.Url), Assert.Single(table!.Previews));
    }

    [Fact]
    public async Task Activity_reports_the_last_request_of_each_preview()
    {
        await _router.ControlAsync(HttpMethod.Put, "/routes",
            $$"""{"previews":[{"pullRequest":7,"frontend":"{{_frontend.Url}}"},{"pullRequest":8,"frontend":"{{_frontend.Url}}"}]}""");
        var before = DateTimeOffset.UtcNow;
        await _router.GetAsync($"pr7.{RunningRouter.Domain}");

        var json = await (await _router.ControlAsync(HttpMethod.Get, "/activity")).Content.ReadAsStringAsync();
        var report = JsonSerializer.Deserialize(json, RouteTableJson.Default.ActivityReport)!;

        Assert.Matches("""^\{"previews":\[\{"pullRequest":7,"lastRequest":"[0-9T:.-]+Z"\},\{"pullRequest":8,"lastRequest":null\}\]\}$""", json);

        Assert.Equal([7, 8], report.Previews.Select(p => p.PullRequest));
        Assert.InRange(report.Previews[0].LastRequest!.Value, before.UtcDateTime.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Null(report.Previews[1].LastRequest);
    }

    [Fact]
    public async Task A_sleeping_preview_answers_the_wake_up_page_records_the_request_and_forwards_again_once_awake()
    {
        await _router.ControlAsync(HttpMethod.Put, "/routes",
            $$"""{"previews":[{"pullRequest":7,"frontend":"{{_frontend.Url}}","api":"{{_api.Url}}","sleeping":true}]}""");
        var before = DateTimeOffset.UtcNow;

        var page = await _router.GetAsync($"pr7.{RunningRouter.Domain}", "/orders");
        var api = await _router.GetAsync($"pr7-api.{RunningRouter.Domain}", "/orders");
        var report = JsonSerializer.Deserialize(
            await (await _router.ControlAsync(HttpMethod.Get, "/activity")).Content.ReadAsStringAsync(), RouteTableJson.Default.ActivityReport)!;

        foreach (var response in new[] { page, api })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal("2", Assert.Single(response.Headers.GetValues("Refresh")));
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("PR 7's preview is waking up", await response.Content.ReadAsStringAsync());
        }

        Assert.InRange(Assert.Single(report.Previews).LastRequest!.Value, before.UtcDateTime.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));

        await _router.ControlAsync(HttpMethod.Put, "/routes", Table7);
        Assert.StartsWith("frontend7|/orders|", await (await _router.GetAsync($"pr7.{RunningRouter.Domain}", "/orders")).Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_route_without_sleeping_is_awake_and_sleeping_travels_as_json()
    {
        Assert.True(RouteTableJson.TryRead("""{"previews":[{"pullRequest":7,"frontend":"http://127.0.0.1:1/"}]}"""u8, out var table, out _));

        Assert.False(Assert.Single(table.Previews).Sleeping);
        Assert.Contains("\"sleeping\":true", JsonSerializer.Serialize(new RouteTable([new PreviewRoute(7, null, null, Sleeping: true)]), RouteTableJson.Default.RouteTable));
    }

    [Fact]
    public async Task The_public_port_never_serves_the_control_path()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/routes") { Content = new StringContent(Table7) };
        request.Headers.Authorization = new("Bearer", RunningRouter.Token);

        var response = await _router.Public.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No preview is served at host", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _router.GetAsync($"pr7.{RunningRouter.Domain}")).StatusCode);
    }
}
