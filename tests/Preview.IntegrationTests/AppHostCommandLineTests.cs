using System.Net;
using PreviewAspire.Provisioning;

namespace PreviewAspire.IntegrationTests;

/// <summary>The AppHost as a command: bad input creates nothing; a signal stops everything it started.</summary>
public sealed class AppHostCommandLineTests
{
    [Theory]
    [InlineData("not a valid PR id", "--pr", "abc")]
    [InlineData("start at 1", "--pr", "0")]
    [InlineData("not a valid PR id", "--pr", "-4")]
    [InlineData("too large", "--pr", "123456789012")]
    [InlineData("not a TCP port", "--pr", "4", "--router-port", "99999")]
    public async Task Bad_input_prints_one_line_exits_non_zero_and_creates_nothing(string expected, params string[] args)
    {
        var state = Path.Combine(Path.GetTempPath(), "preview-bad-input-" + Guid.NewGuid().ToString("N"));
        using var apphost = AppHostProcess.Start([.. args, "--state-dir", state]);
        var exitCode = await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        var lines = apphost.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.False(Directory.Exists(state));
    }

    [Fact]
    public async Task A_publish_that_fails_after_the_manifest_exits_non_zero_in_one_line_and_writes_nothing()
    {
        // Only the API's digest: generating the worker's Deployment fails after Aspire has written its manifest.
        var parent = Directory.CreateTempSubdirectory("preview-publish-").FullName;
        var output = Path.Combine(parent, "pr-7");
        using var apphost = AppHostProcess.Start("--pr", "7", "--publisher", "manifest", "--output-path", output,
            "--created-at", "2025-01-31T12:00:00Z", "--image-digests", "api=sha256:" + new string('a', 64));

        Assert.Equal(3, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var last = apphost.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith($"Publishing to {output} failed and wrote nothing: --image-digests: no digest for ", last, StringComparison.Ordinal);
        Assert.EndsWith("Correct that and publish again.", last, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
        Directory.Delete(parent);
    }

    /// <summary>The dashboard keeps Aspire's login: without the banner's token a browser gets the login page, not resources.</summary>
    private static async Task AssertDashboardNeedsItsTokenAsync(string output)
    {
        var login = System.Text.RegularExpressions.Regex.Match(output, @"dashboard\s+(http://\S+)/login\?t=(\w+)");
        Assert.True(login.Success, $"no login URL in the banner:\n{output}");
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var refused = await anonymous.GetAsync(login.Groups[1].Value + "/");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("/login", refused.Headers.Location?.ToString() ?? string.Empty);

        using var withToken = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true });
        using var accepted = await withToken.GetAsync(login.Value[(login.Value.IndexOf("http", StringComparison.Ordinal))..]);
        Assert.True(accepted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK, accepted.StatusCode.ToString());
        Assert.DoesNotContain("/login", accepted.Headers.Location?.ToString() ?? string.Empty);
    }

    [Fact]
    public async Task A_router_port_in_use_is_reported_before_anything_starts()
    {
        using var blocker = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var state = Directory.CreateTempSubdirectory("preview-port-").FullName;
        File.SetUnixFileMode(state, (UnixFileMode)0b111_101_101);
        using var apphost = AppHostProcess.Start("--pr", "4", "--router-port", port.ToString(), "--state-dir", state, "--infrastructure", "process");

        Assert.NotEqual(0, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"port {port}", apphost.Output);
        Assert.Contains("--router-port", apphost.Output);
        Assert.Empty(AppHostProcess.ProcessesMentioning(state));
        Directory.Delete(state, recursive: true);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_stops_every_process_of_the_preview(string signal)
    {
        var state = Directory.CreateTempSubdirectory("preview-signal-").FullName;
        File.SetUnixFileMode(state, (UnixFileMode)0b111_101_101);
        var port = LoopbackPort.Free();
        using var apphost = AppHostProcess.Start("--pr", "5", "--router-port", port.ToString(), "--state-dir", state, "--infrastructure", "process");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(15) };
        await Eventually.WaitAsync(async () =>
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                request.Headers.Host = "pr5.preview.localhost";
                using var response = await client.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.BadGateway)
                {
                    // A preview that is still starting says so at once and tells the client when to come back.
                    Assert.Equal("5", response.Headers.RetryAfter?.ToString());
                    Assert.Contains("PR 5", await response.Content.ReadAsStringAsync());
                }

                return response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return HttpStatusCode.ServiceUnavailable;
            }
        }, status => status == HttpStatusCode.OK, TimeSpan.FromMinutes(4), "the frontend of PR 5 through the router");

        Assert.NotEmpty(AppHostProcess.ProcessesMentioning(state));
        await AssertDashboardNeedsItsTokenAsync(apphost.Output);
        apphost.Signal(signal);
        Assert.Equal(0, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(90)));

        // At the moment the host has exited, nothing it started is left: engines, services, router, orchestrator.
        Assert.Empty(AppHostProcess.ProcessesMentioning(state));
        Assert.Empty(AppHostProcess.ProcessesMentioning($"--monitor {apphost.Id}"));
        Assert.Empty(AppHostProcess.ProcessesWithEnvironment("Preview__PullRequest=5"));
        Assert.Empty(AppHostProcess.ProcessesWithEnvironment($"Router__PublicPort={port}"));
        Directory.Delete(state, recursive: true);
    }
}
