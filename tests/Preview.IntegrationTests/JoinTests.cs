using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PreviewAspire.Provisioning;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// A later run on the same state directory adds PRs to the running AppHost: from its standby slot when one is free,
/// else by starting an AppHost of its own that joins it. Either way the running engines and router serve the PR.
/// </summary>
[Collection(PreviewStackCollection.Name)]
public sealed class JoinTests(PreviewStackFixture stack)
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_later_run_gets_its_pr_served_from_a_standby_slot_and_withdrawn_when_stopped()
    {
        using var requester = AppHostProcess.Start("--pr", "9", "--state-dir", stack.StateDirectory);
        await WaitServedAsync("pr9.preview.localhost", "PR 9's frontend from the standby slot");
        await Eventually.WaitAsync(() => Task.FromResult(requester.Output), output => output.Contains("serves in standby slots"), TimeSpan.FromSeconds(60), "the run's banner");
        Assert.Equal("Serving PR 9", await SlotStateAsync("Serving PR 9"));
        Assert.Empty(AppHostProcess.ProcessesMentioning($"--monitor {requester.Id}"));

        using var seeded = await stack.SendAsync("pr9-api.preview.localhost", HttpMethod.Get, "/orders");
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        Assert.True((await seeded.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength() >= 3);

        using var placed = await stack.SendAsync("pr9-api.preview.localhost", HttpMethod.Post, "/orders",
            JsonContent.Create(new { customer = "Standby PR", item = "Only in PR 9", quantity = 1 }));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        using var seven = await stack.SendAsync("pr7-api.preview.localhost", HttpMethod.Get, "/orders");
        Assert.DoesNotContain("Only in PR 9", await seven.Content.ReadAsStringAsync());

        var (exit, listing) = await PreviewCli.RunAsync(["list", "--state-dir", stack.StateDirectory]);
        Assert.Equal(0, exit);
        Assert.Contains(listing.Split('\n'), row => row.Contains(" 9 ") && row.Contains("running"));

        requester.Signal("TERM");
        Assert.Equal(0, await requester.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        await Eventually.WaitAsync(() => StatusAsync("pr9.preview.localhost"), status => status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(10), "PR 9's routes to be withdrawn");
        await WaitNoProcessOfAsync(9);
        Assert.Equal("Standby", await SlotStateAsync("Standby"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("pr7.preview.localhost"));
    }

    [Fact]
    public async Task With_every_slot_busy_a_later_run_starts_an_apphost_of_its_own_that_joins()
    {
        using var first = AppHostProcess.Start("--pr", "10", "--state-dir", stack.StateDirectory);
        await WaitServedAsync("pr10.preview.localhost", "PR 10's frontend from the standby slot");

        using var again = AppHostProcess.Start("--pr", "10", "--state-dir", stack.StateDirectory);
        Assert.NotEqual(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("PR 10 already runs", again.Output);

        using var joiner = AppHostProcess.Start("--pr", "12", "--state-dir", stack.StateDirectory);
        await WaitServedAsync("pr12.preview.localhost", "PR 12's frontend from the joining AppHost");
        Assert.Contains("standby slots of the AppHost", joiner.Output);
        Assert.Contains("joined the AppHost", joiner.Output);
        Assert.NotEmpty(AppHostProcess.ProcessesMentioning($"--monitor {joiner.Id}"));
        using var twelve = await stack.SendAsync("pr12-api.preview.localhost", HttpMethod.Get, "/orders");
        Assert.Equal(HttpStatusCode.OK, twelve.StatusCode);

        joiner.Signal("TERM");
        // A run that is killed cannot withdraw its request: the AppHost notices that the process is gone.
        first.Signal("KILL");
        await joiner.WaitForExitAsync(TimeSpan.FromSeconds(90));
        await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Eventually.WaitAsync(() => StatusAsync("pr12.preview.localhost"), status => status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30), "PR 12's routes to be withdrawn");
        await Eventually.WaitAsync(() => StatusAsync("pr10.preview.localhost"), status => status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30), "PR 10's routes to be withdrawn");
        Assert.Equal("Standby", await SlotStateAsync("Standby"));
        await WaitNoProcessOfAsync(10);
        await WaitNoProcessOfAsync(12);
        Assert.Empty(await Eventually.WaitAsync(
            () => Task.FromResult(AppHostProcess.ProcessesMentioning($"--monitor {joiner.Id}")), p => p.Count == 0, TimeSpan.FromSeconds(60), "the joiner's orchestrator to exit"));
    }

    [Fact]
    public async Task Joining_with_a_pr_the_running_apphost_serves_fails_at_once_and_changes_nothing()
    {
        using var joiner = AppHostProcess.Start("--pr", "7", "--state-dir", stack.StateDirectory);

        Assert.NotEqual(0, await joiner.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("PR 7 already runs in the AppHost", joiner.Output);
        Assert.Single(joiner.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(Path.Combine(PreviewRouteFiles.DirectoryIn(stack.StateDirectory), "pr7.json")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("pr7.preview.localhost"));
    }

    private Task WaitServedAsync(string host, string what) =>
        Eventually.WaitAsync(() => StatusAsync(host), status => status == HttpStatusCode.OK, StartPatience, what);

    private static async Task WaitNoProcessOfAsync(int pullRequest) =>
        Assert.Empty(await Eventually.WaitAsync(
            () => Task.FromResult(AppHostProcess.ProcessesWithEnvironment($"Preview__PullRequest={pullRequest}")),
            pids => pids.Count == 0, TimeSpan.FromSeconds(60), $"every process of PR {pullRequest} to exit"));

    private Task<string?> SlotStateAsync(string expected) =>
        Eventually.WaitAsync(
            () => Task.FromResult(stack.App.ResourceNotifications.TryGetCurrentState("standby1", out var current) ? current.Snapshot.State?.Text : null),
            state => state == expected, TimeSpan.FromSeconds(30), $"standby1 to show '{expected}'");

    private async Task<HttpStatusCode> StatusAsync(string host)
    {
        try
        {
            using var response = await stack.SendAsync(host, HttpMethod.Get, "/");
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HttpStatusCode.ServiceUnavailable;
        }
    }
}
