using System.Diagnostics;
using System.Net;

namespace PreviewAspire.Router.Tests;

/// <summary>
/// The router as its own process, as the AppHost and the benchmark run it: socket and Kestrel continuations inline
/// (<see cref="InlineCompletions"/>), fed from a routes file.
/// </summary>
public sealed class RouterProcessTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("router-process-tests-").FullName;
    private readonly int _port = LoopbackPorts.Free();
    private EchoBackend _backend = null!;
    private Process _router = null!;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string?> _errors = new();

    public async Task InitializeAsync()
    {
        _backend = await EchoBackend.StartAsync("backend");
        var routes = Path.Combine(_directory, "routes.json");
        await File.WriteAllTextAsync(routes, $$"""{"previews":[{"pullRequest":7,"frontend":"{{_backend.Url}}","api":"{{_backend.Url}}"}]}""");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Router.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_port}",
                ["Router__RoutesFile"] = routes,
                ["Router__Domain"] = RunningRouter.Domain,
                [InlineCompletions.Variable] = null,
                [InlineCompletions.ThreadCountVariable] = null,
            },
        };
        _router = Process.Start(start)!;
        _router.OutputDataReceived += (_, _) => { };
        _router.ErrorDataReceived += (_, line) => _errors.Enqueue(line.Data);
        _router.BeginOutputReadLine();
        _router.BeginErrorReadLine();
    }

    public async Task DisposeAsync()
    {
        _router.Kill(entireProcessTree: true);
        await _router.WaitForExitAsync();
        _router.Dispose();
        await _backend.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Forwards_many_concurrent_requests_to_the_right_surface_with_the_trace_context()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}/") };
        await WaitUntilServingAsync(client);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/item/{i}");
            request.Headers.Host = i % 2 == 0 ? $"pr7.{RunningRouter.Domain}" : $"pr8.{RunningRouter.Domain}";
            request.Headers.Add("traceparent", $"00-{i:x32}-b7ad6b7169203331-01");
            using var response = await client.SendAsync(request);
            return (i, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        foreach (var (i, status, body) in responses)
        {
            if (i % 2 == 0)
            {
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal($"backend|/item/{i}|pr7.{RunningRouter.Domain}|http|127.0.0.1|00-{i:x32}-b7ad6b7169203331-01|preview.pr=7", body);
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, status);
            }
        }
    }

    [Fact]
    public async Task A_router_out_of_file_descriptors_keeps_running_and_serves_again_once_connections_close()
    {
        using (var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}/") })
        {
            await WaitUntilServingAsync(client);
        }

        // Room for about 64 more descriptors (the router keeps 32 of them in reserve): the flood below runs it out.
        var limit = Directory.GetFileSystemEntries($"/proc/{_router.Id}/fd").Length + 64;
        using (var prlimit = Process.Start("prlimit", ["--pid", _router.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--nofile={limit}:{limit}"])!)
        {
            await prlimit.WaitForExitAsync();
            Assert.Equal(0, prlimit.ExitCode);
        }

        // 120 clients connecting, asking and hanging up for 4 s, as a load generator does when its connections fail.
        var request = System.Text.Encoding.ASCII.GetBytes($"GET /flood HTTP/1.1\r\nHost: pr7.{RunningRouter.Domain}\r\n\r\n");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        await Task.WhenAll(Enumerable.Range(0, 120).Select(async _ =>
        {
            var buffer = new byte[4096];
            while (!stop.IsCancellationRequested)
            {
                using var connection = new System.Net.Sockets.TcpClient();
                try
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
                    await connection.ConnectAsync(IPAddress.Loopback, _port, attempt.Token);
                    var stream = connection.GetStream();
                    await stream.WriteAsync(request, attempt.Token);
                    _ = await stream.ReadAsync(buffer, attempt.Token);
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or OperationCanceledException)
                {
                    // Refused, reset or unanswered while the router has no descriptors left: the next try goes on.
                }
            }
        }));

        Assert.False(_router.HasExited, $"The router exited when it ran out of file descriptors: {string.Join('\n', _errors.TakeLast(30))}");

        // A new connection (a new client, no pooled connection from before the flood) is accepted and served again.
        using (var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}/") })
        {
            await WaitUntilServingAsync(client);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = _router.TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.True(_router.TotalProcessorTime - before < TimeSpan.FromSeconds(0.5), "The idle router keeps a CPU busy after the flood.");
    }

    private async Task WaitUntilServingAsync(HttpClient client)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            Assert.False(_router.HasExited, $"The router exited with code {(_router.HasExited ? _router.ExitCode : 0)}: {string.Join('\n', _errors.TakeLast(30))}");
            try
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/");
                request.Headers.Host = $"pr7.{RunningRouter.Domain}";
                if ((await client.SendAsync(request)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "The router did not serve PR 7 within 30 s.");
        }
    }
}
