using System.Net;

namespace PreviewAspire.Router.Tests;

/// <summary>A router run standalone from <c>Router:RoutesFile</c>, and one without a control token.</summary>
public sealed class RoutesFileTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("router-tests-").FullName;
    private EchoBackend _first = null!;
    private EchoBackend _second = null!;

    private string RoutesFile => Path.Combine(_directory, "routes.json");

    public async Task InitializeAsync()
    {
        _first = await EchoBackend.StartAsync("first");
        _second = await EchoBackend.StartAsync("second");
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_file_is_loaded_at_start_reloaded_on_change_and_an_invalid_file_is_ignored()
    {
        await WriteAsync($$"""{"previews":[{"pullRequest":7,"frontend":"{{_first.Url}}"}]}""");
        await using var router = await RunningRouter.StartAsync($"--Router:RoutesFile={RoutesFile}");
        Assert.StartsWith("first|", await BodyAsync(router, "pr7"));

        await WriteAsync($$"""{"previews":[{"pullRequest":7,"frontend":"{{_second.Url}}"},{"pullRequest":8,"frontend":"{{_first.Url}}"}]}""");
        await EventuallyAsync(async () => (await BodyAsync(router, "pr7")).StartsWith("second|", StringComparison.Ordinal));
        Assert.StartsWith("first|", await BodyAsync(router, "pr8"));

        await WriteAsync("""{"previews":[{"pullRequest":7,"frontend":"not a url""");
        await WriteAsync("""{"previews":[{"pullRequest":-1,"frontend":"http://127.0.0.1:1/"}]}""");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.StartsWith("second|", await BodyAsync(router, "pr7"));
    }

    [Fact]
    public async Task A_missing_file_leaves_the_router_waiting_for_a_table()
    {
        await using var router = await RunningRouter.StartAsync($"--Router:RoutesFile={RoutesFile}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await router.GetAsync($"pr7.{RunningRouter.Domain}")).StatusCode);
    }

    [Fact]
    public async Task Without_a_control_token_the_control_path_is_not_mapped()
    {
        await using var router = await RunningRouter.StartAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await router.ControlAsync(HttpMethod.Put, "/routes", "{\"previews\":[]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await router.ControlAsync(HttpMethod.Get, "/activity")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await router.Management.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await router.GetAsync($"pr7.{RunningRouter.Domain}")).StatusCode);
    }

    private async Task WriteAsync(string json)
    {
        // Written beside and renamed into place, as a host or script would, so the router never reads half a file.
        var temporary = RoutesFile + ".tmp";
        await File.WriteAllTextAsync(temporary, json);
        File.Move(temporary, RoutesFile, overwrite: true);
    }

    private static async Task<string> BodyAsync(RunningRouter router, string label) =>
        await (await router.GetAsync($"{label}.{RunningRouter.Domain}")).Content.ReadAsStringAsync();

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !await condition(); await Task.Delay(50))
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
        }
    }
}
