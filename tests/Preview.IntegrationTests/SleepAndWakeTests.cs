using System.Net;
using System.Net.Http.Json;
using PreviewAspire.Provisioning;
using Xunit.Abstractions;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// A host started with <c>--idle-timeout 5s</c> puts its idle preview to sleep and wakes it on the next request, with
/// its data intact. Its own host and state directory: a sleeping preview would disturb the shared stack's tests.
/// </summary>
public sealed class SleepAndWakeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_idle_preview_sleeps_and_the_next_request_wakes_it_with_its_data()
    {
        var state = Directory.CreateTempSubdirectory("preview-sleep-").FullName;
        File.SetUnixFileMode(state, (UnixFileMode)0b111_101_101);
        var port = LoopbackPort.Free();
        using var apphost = AppHostProcess.Start("--pr", "5", "--idle-timeout", "5s", "--router-port", port.ToString(), "--state-dir", state, "--infrastructure", "process");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(15) };
        try
        {
            await Eventually.WaitAsync(() => StatusAsync(client, "pr5.preview.localhost", "/"), status => status == HttpStatusCode.OK,
                TimeSpan.FromMinutes(4), "the frontend of PR 5 through the router");
            var customer = $"sleeper-{Guid.NewGuid():N}";
            using (var post = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(new { customer, item = "pillow", quantity = 1 }) })
            {
                post.Headers.Host = "pr5-api.preview.localhost";
                Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(post)).StatusCode);
            }

            // No request from here on until it sleeps: its services stop, the host keeps serving it as sleeping.
            await Eventually.WaitAsync(() => Task.FromResult(AppHostProcess.ProcessesWithEnvironment("Preview__PullRequest=5").Count), count => count == 0,
                TimeSpan.FromSeconds(60), "PR 5's processes to stop once it is idle");
            var (exit, list) = await PreviewCli.RunAsync(["list", "--state-dir", state]);
            Assert.True(exit == 0, list);
            output.WriteLine(list);
            Assert.Contains("sleeping", list);

            using (var asleep = Request(HttpMethod.Get, "pr5.preview.localhost", "/"))
            using (var page = await client.SendAsync(asleep))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
                Assert.Equal("2", Assert.Single(page.Headers.GetValues("Refresh")));
                Assert.Contains("PR 5's preview is waking up", await page.Content.ReadAsStringAsync());
            }

            // The request woke it: the page's refreshes are answered once its services are up again.
            var waking = System.Diagnostics.Stopwatch.StartNew();
            await Eventually.WaitAsync(() => StatusAsync(client, "pr5-api.preview.localhost", "/orders"), status => status == HttpStatusCode.OK,
                TimeSpan.FromMinutes(3), "PR 5's API to answer again after waking");
            output.WriteLine($"PR 5 answered again {waking.Elapsed.TotalSeconds:0.0} s after the request that woke it.");
            using var orders = Request(HttpMethod.Get, "pr5-api.preview.localhost", "/orders");
            Assert.Contains(customer, await (await client.SendAsync(orders)).Content.ReadAsStringAsync());
            Assert.NotEmpty(AppHostProcess.ProcessesWithEnvironment("Preview__PullRequest=5"));

            // Requests keep it awake (its idle time is only 5 s) while the list shows its awake time and memory.
            using var keepAwake = new CancellationTokenSource();
            var requests = Task.Run(async () =>
            {
                while (!keepAwake.IsCancellationRequested)
                {
                    await StatusAsync(client, "pr5-api.preview.localhost", "/health");
                    await Task.Delay(500);
                }
            });
            (exit, list) = await PreviewCli.RunAsync(["list", "--state-dir", state]);
            await keepAwake.CancelAsync();
            await requests;
            Assert.True(exit == 0, list);
            output.WriteLine(list);
            // PR, state, served in, held by, forks, awake, memory.
            Assert.Matches(@"5\s*│\s*serving\s*│\s*pr5\s*│[^│]*│\s*api, frontend, worker\s*│[^│]*\d[^│]*│\s*[1-9]\d* MB\s*│", list);
        }
        finally
        {
            apphost.Signal("TERM");
            Assert.Equal(0, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        }

        Assert.Empty(AppHostProcess.ProcessesWithEnvironment("Preview__PullRequest=5"));
        Directory.Delete(state, recursive: true);
    }

    private static HttpRequestMessage Request(HttpMethod method, string host, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host;
        return request;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string host, string path)
    {
        try
        {
            using var request = Request(HttpMethod.Get, host, path);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HttpStatusCode.ServiceUnavailable;
        }
    }
}
