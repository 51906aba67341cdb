using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PreviewAspire.Provisioning;

namespace PreviewAspire.IntegrationTests;

/// <summary>A second AppHost on the same state directory joins the running one: its PRs use the running engines and router.</summary>
[Collection(PreviewStackCollection.Name)]
public sealed class JoinTests(PreviewStackFixture stack)
{
    [Fact]
    public async Task A_second_apphost_adds_a_pr_behind_the_running_router_and_withdraws_it_when_stopped()
    {
        using var joiner = AppHostProcess.Start("--pr", "9", "--state-dir", stack.StateDirectory);
        await Eventually.WaitAsync(() => StatusAsync("pr9.preview.localhost"), status => status == HttpStatusCode.OK, TimeSpan.FromMinutes(4), "PR 9's frontend through the running router");
        Assert.Contains("joined the AppHost", joiner.Output);

        using var seeded = await stack.SendAsync("pr9-api.preview.localhost", HttpMethod.Get, "/orders");
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        Assert.True((await seeded.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength() >= 3);

        using var placed = await stack.SendAsync("pr9-api.preview.localhost", HttpMethod.Post, "/orders",
            JsonContent.Create(new { customer = "Joined PR", item = "Only in PR 9", quantity = 1 }));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        using var seven = await stack.SendAsync("pr7-api.preview.localhost", HttpMethod.Get, "/orders");
        Assert.DoesNotContain("Only in PR 9", await seven.Content.ReadAsStringAsync());

        var (exit, listing) = await PreviewCli.RunAsync(["list", "--state-dir", stack.StateDirectory]);
        Assert.Equal(0, exit);
        Assert.Contains(listing.Split('\n'), row => row.Contains(" 9 ") && row.Contains("running"));

        joiner.Signal("TERM");
        await joiner.WaitForExitAsync(TimeSpan.FromSeconds(90));
        await Eventually.WaitAsync(() => StatusAsync("pr9.preview.localhost"), status => status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30), "PR 9's routes to be withdrawn");
        var leftovers = await Eventually.WaitAsync(
            () => Task.FromResult(AppHostProcess.ProcessesWithEnvironment("Preview__PullRequest=9").Count + AppHostProcess.ProcessesMentioning($"--monitor {joiner.Id}").Count),
            count => count == 0, TimeSpan.FromSeconds(60), "every process of the joined PR to exit");
        Assert.Equal(0, leftovers);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("pr7.preview.localhost"));
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
