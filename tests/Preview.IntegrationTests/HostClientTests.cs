using System.Net;
using PreviewAspire.Naming;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// Later runs served by the running host (the shared stack, with one slot): a run asks over the control socket, is
/// served without an orchestrator of its own, and its PR is released when it stops, however it stops.
/// </summary>
[Collection(PreviewStackCollection.Name)]
public sealed class HostClientTests(PreviewStackFixture stack)
{
    private static readonly PullRequestId Nine = PullRequestId.From(9);

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    [InlineData("KILL")]
    public async Task A_later_run_is_served_by_the_host_and_its_pr_is_released_when_it_stops(string signal)
    {
        using var run = AppHostProcess.Start("--pr", "9", "--state-dir", stack.StateDirectory);
        await run.WaitForOutputAsync("The preview host serves:", TimeSpan.FromMinutes(3));
        Assert.Contains("http://pr9.preview.localhost:", run.Output);
        Assert.Contains("slot1", run.Output);

        // Served by the host's router from its slot, on PR 9's own data, with no orchestrator of the run's own.
        // PR 9's own database, branched from the seeded template (later cases of this theory find their earlier orders too).
        Assert.True((await stack.GetOrdersAsync(Nine)).Count >= 3);
        using (var page = await stack.SendAsync(PreviewStackFixture.FrontendHost(Nine), HttpMethod.Get, "/"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Assert.Empty(AppHostProcess.ProcessesMentioning($"--monitor {run.Id}"));
        if (signal == "INT")
        {
            var placed = await stack.PlaceOrderAsync(Nine, "only-in-pr9");
            Assert.DoesNotContain(await stack.GetOrdersAsync(PreviewStackFixture.Seven), o => o.GetProperty("customer").GetString() == "only-in-pr9");
            Assert.Equal(placed.GetProperty("id").GetInt32(), (await stack.GetOrdersAsync(Nine)).Single(o => o.GetProperty("customer").GetString() == "only-in-pr9").GetProperty("id").GetInt32());
        }

        run.Signal(signal);
        if (signal == "KILL")
        {
            // The lease is the connection: the kernel closes it with the process, and the host releases at once.
            await Eventually.WaitAsync(() => StatusOf(Nine), status => status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(2), "PR 9 released after SIGKILL");
        }
        else
        {
            Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Released PR 9", run.Output);
            // The run exits only once the host has released the PR.
            Assert.Equal(HttpStatusCode.NotFound, await StatusOf(Nine));
        }

        await stack.WaitForIdleSlotAsync();
        Assert.Empty(AppHostProcess.ProcessesWithEnvironment("Preview__PullRequest=9"));
        await AssertOwnPreviewsServeAsync();
    }

    [Fact]
    public async Task With_every_slot_busy_a_new_pr_is_refused_in_one_line_that_says_how_to_get_more()
    {
        await stack.ServeDetachedAsync(PullRequestId.From(10));
        try
        {
            using var run = AppHostProcess.Start("--pr", "11", "--state-dir", stack.StateDirectory);
            Assert.Equal(3, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("No free slot", run.Output);
            Assert.Contains("--slots", run.Output);
            Assert.Contains("preview down", run.Output);
            Assert.Equal(HttpStatusCode.NotFound, await StatusOf(PullRequestId.From(11)));
        }
        finally
        {
            await stack.ReleaseAsync(PullRequestId.From(10));
        }
    }

    [Fact]
    public async Task A_pr_the_host_already_serves_is_refused_with_where_it_is_served()
    {
        using var run = AppHostProcess.Start("--pr", "7", "--state-dir", stack.StateDirectory);
        Assert.Equal(3, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("PR 7 is already served in pr7 (for the host", run.Output);
        await AssertOwnPreviewsServeAsync();
    }

    [Fact]
    public async Task The_preview_cli_serves_detached_lists_and_takes_a_pr_down_through_the_host()
    {
        var (upExit, upOutput) = await PreviewCli.RunAsync(["up", "14", "--detach", "--state-dir", stack.StateDirectory]);
        Assert.True(upExit == 0, upOutput);
        Assert.Contains("They stay served until 'preview down <pr>'", upOutput);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(PullRequestId.From(14)));

        var (listExit, listOutput) = await PreviewCli.RunAsync(["list", "--state-dir", stack.StateDirectory]);
        Assert.Equal(0, listExit);
        Assert.Matches(@"14\s*│\s*serving\s*│\s*slot1", listOutput);
        // Held by the host: the 'up --detach' process that asked has exited.
        Assert.Contains("the preview host, ", listOutput);
        Assert.DoesNotContain("preview.dll", listOutput);

        var (downExit, downOutput) = await PreviewCli.RunAsync(["down", "14", "--state-dir", stack.StateDirectory]);
        Assert.True(downExit == 0, downOutput);
        Assert.Contains("Released PR 14", downOutput);
        Assert.Contains("PR 14 removed", downOutput);
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf(PullRequestId.From(14)));
        await stack.WaitForIdleSlotAsync();
    }

    private async Task<HttpStatusCode> StatusOf(PullRequestId pullRequest)
    {
        using var response = await stack.SendAsync(PreviewStackFixture.FrontendHost(pullRequest), HttpMethod.Get, "/");
        return response.StatusCode;
    }

    private async Task AssertOwnPreviewsServeAsync()
    {
        Assert.Equal(HttpStatusCode.OK, await StatusOf(PreviewStackFixture.Seven));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(PreviewStackFixture.Eight));
    }
}
