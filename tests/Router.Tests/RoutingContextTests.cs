using System.Net;

namespace PreviewAspire.Router.Tests;

/// <summary>
/// The routing context on real Kestrel ports: the baseline's hosts, and the <c>baggage</c> header the router sets from
/// the host alone, whatever the caller sent.
/// </summary>
public sealed class RoutingContextTests : IAsyncLifetime
{
    private EchoBackend _baselineFrontend = null!;
    private EchoBackend _baselineApi = null!;
    private EchoBackend _api42 = null!;
    private RunningRouter _router = null!;

    public async Task InitializeAsync()
    {
        _baselineFrontend = await EchoBackend.StartAsync("main-frontend");
        _baselineApi = await EchoBackend.StartAsync("main-api");
        _api42 = await EchoBackend.StartAsync("pr42-api");
        _router = await RunningRouter.StartAsync($"--Router:ControlToken={RunningRouter.Token}");
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _baselineFrontend.DisposeAsync();
        await _baselineApi.DisposeAsync();
        await _api42.DisposeAsync();
    }

    // PR 42 forks the API only: its frontend host is served by the baseline's frontend, as the host writes the table.
    private string Table => $$$"""
        {"baseline":{"frontend":"{{{_baselineFrontend.Url}}}","api":"{{{_baselineApi.Url}}}","services":{"api":"{{{_baselineApi.Url}}}","frontend":"{{{_baselineFrontend.Url}}}"}},
         "previews":[{"pullRequest":42,"frontend":"{{{_baselineFrontend.Url}}}","api":"{{{_api42.Url}}}","services":{"api":"{{{_api42.Url}}}"}}]}
        """;

    [Theory]
    [InlineData("main", "main-frontend")]
    [InlineData("main-api", "main-api")]
    [InlineData("MAIN-API", "main-api")]
    public async Task The_baseline_hosts_reach_the_baseline_with_no_routing_context(string label, string backend)
    {
        await PutTableAsync();

        var fields = await EchoAsync($"{label}.{RunningRouter.Domain}");

        Assert.Equal(backend, fields[0]);
        Assert.Equal(EchoBackend.NoBaggage, fields[6]);
    }

    [Fact]
    public async Task A_forged_routing_context_to_the_baseline_is_removed_entirely()
    {
        await PutTableAsync();

        var fields = await EchoAsync($"main.{RunningRouter.Domain}", "preview.pr=42", "userId=alice");

        Assert.Equal("main-frontend", fields[0]);
        Assert.Equal(EchoBackend.NoBaggage, fields[6]);
    }

    [Theory]
    [InlineData("pr42", "main-frontend")]
    [InlineData("pr42-api", "pr42-api")]
    public async Task A_pr_host_gets_exactly_its_own_routing_context_whatever_the_caller_sent(string label, string backend)
    {
        await PutTableAsync();

        var none = await EchoAsync($"{label}.{RunningRouter.Domain}");
        var forged = await EchoAsync($"{label}.{RunningRouter.Domain}", "preview.pr=7");
        var forgedTwice = await EchoAsync($"{label}.{RunningRouter.Domain}", "preview.pr=7,userId=alice", "preview.pr=8");

        foreach (var fields in new[] { none, forged, forgedTwice })
        {
            Assert.Equal(backend, fields[0]);
            Assert.Equal("preview.pr=42", fields[6]);
        }
    }

    [Theory]
    [InlineData("main", EchoBackend.NoBaggage)]
    [InlineData("pr42", "preview.pr=42")]
    public async Task A_forged_header_in_another_case_is_removed_too(string label, string expected)
    {
        await PutTableAsync();

        var response = await _router.GetAsync($"{label}.{RunningRouter.Domain}", "/", request => request.Headers.TryAddWithoutValidation("BAGGAGE", "preview.pr=7"));

        Assert.Equal(expected, (await response.Content.ReadAsStringAsync()).Split('|')[6]);
    }

    [Fact]
    public async Task Baseline_requests_are_not_a_previews_activity()
    {
        await PutTableAsync();

        await EchoAsync($"main.{RunningRouter.Domain}");
        var activity = await (await _router.ControlAsync(HttpMethod.Get, "/activity")).Content.ReadAsStringAsync();

        Assert.Equal("""{"previews":[{"pullRequest":42,"lastRequest":null}]}""", activity);
    }

    [Fact]
    public async Task Without_a_baseline_its_hosts_get_404_and_unknown_hosts_still_404_with_the_forms()
    {
        await _router.ControlAsync(HttpMethod.Put, "/routes", $$"""{"previews":[{"pullRequest":42,"api":"{{_api42.Url}}"}]}""");

        var baseline = await _router.GetAsync($"main.{RunningRouter.Domain}");
        var unknown = await _router.GetAsync($"staging.{RunningRouter.Domain}");

        Assert.Equal(HttpStatusCode.NotFound, baseline.StatusCode);
        Assert.Equal($"No preview is served at host 'main.{RunningRouter.Domain}': the baseline is not running here.\n", await baseline.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains($"the baseline at main.{RunningRouter.Domain}", await unknown.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"previews":[],"baseline":{"frontend":"ftp://127.0.0.1:1/"}}""", "The baseline's frontend URL")]
    [InlineData("""{"previews":[],"baseline":{"services":{"api":"/relative/"}}}""", "The baseline's service 'api' URL")]
    [InlineData("""{"previews":[{"pullRequest":42,"services":{"API":"http://127.0.0.1:1/"}}]}""", "PR 42's service name 'API' is not a DNS label")]
    public async Task An_invalid_baseline_or_service_is_refused_with_400_and_the_table_in_force_stays(string json, string reason)
    {
        await PutTableAsync();

        var put = await _router.ControlAsync(HttpMethod.Put, "/routes", json);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.StartsWith(reason, await put.Content.ReadAsStringAsync());
        Assert.Equal("main-frontend", (await EchoAsync($"main.{RunningRouter.Domain}"))[0]);
    }

    private async Task PutTableAsync() =>
        Assert.Equal(HttpStatusCode.NoContent, (await _router.ControlAsync(HttpMethod.Put, "/routes", Table)).StatusCode);

    private async Task<string[]> EchoAsync(string host, params string[] baggage)
    {
        var response = await _router.GetAsync(host, "/", request =>
        {
            foreach (var value in baggage)
            {
                request.Headers.TryAddWithoutValidation("baggage", value);
            }
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split('|');
    }
}
