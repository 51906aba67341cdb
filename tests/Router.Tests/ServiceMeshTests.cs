using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace PreviewAspire.Router.Tests;

/// <summary><c>GET /mesh</c> on the management port: the table's services, its version, and the long poll.</summary>
public sealed class ServiceMeshTests : IAsyncLifetime
{
    private const string Table =
        """
        {"baseline":{"frontend":"http://127.0.0.1:41000/","api":"http://127.0.0.1:41003/","services":{"frontend":"http://127.0.0.1:41000/","api":"http://127.0.0.1:41003/"}},
         "previews":[{"pullRequest":43,"frontend":"http://127.0.0.1:41005/","api":"http://127.0.0.1:41003/","services":{"frontend":"http://127.0.0.1:41005/"}},
                     {"pullRequest":42,"frontend":"http://127.0.0.1:41000/","api":"http://127.0.0.1:41002/","services":{"api":"http://127.0.0.1:41002/"},"sleeping":true},
                     {"pullRequest":44,"frontend":"http://127.0.0.1:41000/","api":"http://127.0.0.1:41003/"}]}
        """;

    private RunningRouter _router = null!;

    public async Task InitializeAsync() =>
        _router = await RunningRouter.StartAsync($"--Router:ControlToken={RunningRouter.Token}", "--Router:MeshWaitSeconds=1");

    public async Task DisposeAsync() => await _router.DisposeAsync();

    [Fact]
    public async Task Before_any_table_the_mesh_is_version_0_and_empty()
    {
        Assert.Equal("""{"version":0,"baseline":{},"forks":{}}""", await MeshAsync());
    }

    [Fact]
    public async Task The_mesh_lists_the_baselines_services_and_each_prs_forks_without_the_token()
    {
        await PutAsync(Table);

        var response = await _router.Management.GetAsync(ServiceMeshEndpoint.Path);
        var json = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var version = Version(json);
        Assert.True(version > 0);
        Assert.Equal(
            "{\"version\":" + version + ""","baseline":{"api":"http://127.0.0.1:41003/","frontend":"http://127.0.0.1:41000/"},"forks":{"42":{"api":"http://127.0.0.1:41002/"},"43":{"frontend":"http://127.0.0.1:41005/"}}}""",
            json);
        var document = JsonSerializer.Deserialize(json, RouteTableJson.Default.ServiceMeshDocument)!;
        Assert.Equal(new Uri("http://127.0.0.1:41002/"), document.Forks[42]["api"]);
    }

    [Fact]
    public async Task Every_accepted_table_has_a_larger_version_and_a_refused_one_none()
    {
        await PutAsync(Table);
        var first = Version(await MeshAsync());
        await PutAsync(Table);
        var second = Version(await MeshAsync());
        await _router.ControlAsync(HttpMethod.Put, "/routes", """{"previews":[{"pullRequest":0}]}""");

        Assert.True(second > first);
        Assert.Equal(second, Version(await MeshAsync()));
    }

    [Fact]
    public async Task A_poll_after_an_older_version_answers_at_once()
    {
        await PutAsync(Table);
        var current = Version(await MeshAsync());

        var watch = Stopwatch.StartNew();
        var older = Version(await MeshAsync($"?after={current - 1}"));
        var unknown = Version(await MeshAsync($"?after={current + 1000}"));

        Assert.Equal(current, older);
        // A version the router never gave (a service that polled an earlier router) also answers at once.
        Assert.Equal(current, unknown);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task A_poll_on_the_current_version_answers_as_soon_as_a_new_table_is_accepted()
    {
        await _router.DisposeAsync();
        _router = await RunningRouter.StartAsync($"--Router:ControlToken={RunningRouter.Token}", "--Router:MeshWaitSeconds=25");
        await PutAsync("""{"previews":[]}""");
        var current = Version(await MeshAsync());

        var poll = MeshAsync($"?after={current}");
        await Task.Delay(300);
        Assert.False(poll.IsCompleted);
        var watch = Stopwatch.StartNew();
        await PutAsync(Table);
        var json = await poll.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.True(Version(json) > current);
        Assert.Contains("\"42\":{\"api\":\"http://127.0.0.1:41002/\"}", json);
    }

    [Fact]
    public async Task A_poll_with_nothing_new_answers_the_same_version_when_the_wait_ends()
    {
        await PutAsync(Table);
        var current = Version(await MeshAsync());

        var watch = Stopwatch.StartNew();
        var json = await MeshAsync($"?after={current}");

        Assert.Equal(current, Version(json));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_public_port_does_not_serve_the_mesh()
    {
        await PutAsync(Table);

        Assert.Equal(HttpStatusCode.NotFound, (await _router.Public.GetAsync(ServiceMeshEndpoint.Path)).StatusCode);
    }

    private async Task PutAsync(string table) =>
        Assert.Equal(HttpStatusCode.NoContent, (await _router.ControlAsync(HttpMethod.Put, "/routes", table)).StatusCode);

    private async Task<string> MeshAsync(string query = "")
    {
        var response = await _router.Management.GetAsync(ServiceMeshEndpoint.Path + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static long Version(string json) => JsonDocument.Parse(json).RootElement.GetProperty("version").GetInt64();
}
