using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PreviewAspire.Router.Tests.Forwarding;

/// <summary>Which of the router's paths forwards a plain request.</summary>
public enum ForwardingPath
{
    /// <summary>The fast path's event loops, before Kestrel (the default on Linux).</summary>
    Fast,

    /// <summary>Kestrel, then the direct forwarder's pooled connections (<c>Router:FastPath=false</c>).</summary>
    Direct,

    /// <summary>Kestrel, then YARP (<c>Router:FastPath=false</c>, <c>Router:DirectForwarding=false</c>).</summary>
    Yarp,
}

/// <summary>The direct forwarder (Kestrel, then the router's own pooled connections), through every test of <see cref="ForwardingTests"/>.</summary>
public sealed class DirectForwardingTests : ForwardingTests
{
    /// <inheritdoc />
    protected override ForwardingPath Path => ForwardingPath.Direct;
}

/// <summary>The fast path (the router's own event loops, before Kestrel), through every test of <see cref="ForwardingTests"/>.</summary>
public sealed class FastPathForwardingTests : ForwardingTests
{
    /// <inheritdoc />
    protected override ForwardingPath Path => ForwardingPath.Fast;
}

/// <summary>
/// One of the router's own forwarding paths for plain requests on real Kestrel ports: it sends what the YARP path sends,
/// passes every framing of response on intact, and survives replicas that close, cut short or misbehave.
/// </summary>
public abstract class ForwardingTests : IAsyncLifetime
{
    /// <summary>The path under test.</summary>
    protected abstract ForwardingPath Path { get; }

    private const int BigBody = 1024 * 1024;
    private static readonly byte[] Big = RandomNumberGenerator.GetBytes(BigBody);

    private WebApplication _replica = null!;
    private Uri _replicaUrl = null!;

    public async Task InitializeAsync()
    {
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _replica = builder.Build();
        // What the replica received: request line and every header, sorted, one per line.
        _replica.MapMethods("/echo/{**rest}", ["GET", "HEAD", "DELETE", "OPTIONS"], (HttpContext context) =>
            string.Join('\n', [$"{context.Request.Method} {context.Features.Get<IHttpRequestFeature>()!.RawTarget}",
                .. context.Request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => $"{h.Key.ToLowerInvariant()}: {h.Value}")]));
        _replica.MapPost("/body", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            return $"{context.Request.ContentLength}|{await reader.ReadToEndAsync()}";
        });
        _replica.MapGet("/cookies", (HttpContext context) =>
        {
            context.Response.Headers.Append("Set-Cookie", "a=1; Path=/");
            context.Response.Headers.Append("Set-Cookie", "b=2; Path=/");
            context.Response.Headers["X-Replica"] = "yes";
            return "cookies";
        });
        _replica.MapMethods("/length", ["GET", "HEAD"], async (HttpContext context) =>
        {
            context.Response.ContentLength = BigBody;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(Big);
            }
        });
        _replica.MapGet("/chunked", async (HttpContext context) =>
        {
            for (var offset = 0; offset < BigBody; offset += 100_000)
            {
                await context.Response.Body.WriteAsync(Big.AsMemory(offset, Math.Min(100_000, BigBody - offset)));
                await context.Response.Body.FlushAsync();
            }
        });
        _replica.MapGet("/nothing", () => Results.NoContent());
        _replica.UseWebSockets();
        _replica.Map("/ws", async (HttpContext context) =>
        {
            // Echoes one message back, upper-cased.
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            var echo = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count).ToUpperInvariant());
            await socket.SendAsync(echo, System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        });
        await _replica.StartAsync();
        _replicaUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public async Task DisposeAsync()
    {
        await _replica.StopAsync();
        await _replica.DisposeAsync();
    }

    private Task<RunningRouter> RouterToAsync(Uri replica, int replicaTimeoutSeconds = 100) => RouterToAsync(replica, Path, replicaTimeoutSeconds);

    private static Task<RunningRouter> RouterToAsync(Uri replica, ForwardingPath path, int replicaTimeoutSeconds = 100) =>
        RunningRouter.StartForPr7Async(replica, $"--Router:FastPath={path == ForwardingPath.Fast}",
            $"--Router:DirectForwarding={path != ForwardingPath.Yarp}", $"--Router:ReplicaTimeoutSeconds={replicaTimeoutSeconds}");

    private static readonly string Host = $"pr7.{RunningRouter.Domain}";

    private static void CallerHeaders(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("X-Custom", ["one", "two"]);
        request.Headers.TryAddWithoutValidation("Cookie", "session=abc");
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        request.Headers.TryAddWithoutValidation("baggage", "preview.pr=9,user=mallory");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic c2VjcmV0");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.1.2.3");
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    [Theory]
    [InlineData("GET", "/echo/a%20b/c?x=1&y=%2F&z")]
    [InlineData("DELETE", "/echo/items/42")]
    [InlineData("OPTIONS", "/echo/")]
    public async Task Sends_the_replica_exactly_what_the_yarp_path_sends(string method, string target)
    {
        await using var own = await RouterToAsync(_replicaUrl);
        await using var yarp = await RouterToAsync(_replicaUrl, ForwardingPath.Yarp);

        async Task<string> ReceivedAsync(RunningRouter router)
        {
            var response = await router.GetAsync(Host, target, request =>
            {
                request.Method = new HttpMethod(method);
                CallerHeaders(request);
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        var throughOwn = await ReceivedAsync(own);
        var throughYarp = await ReceivedAsync(yarp);

        Assert.Equal(throughYarp, throughOwn);
        Assert.StartsWith($"{method} {target}\n", throughOwn);
        Assert.Contains("\nbaggage: preview.pr=7\n", throughOwn);
        Assert.Contains($"\nhost: {Host}\n", throughOwn);
        Assert.Contains("\nx-custom: one, two\n", throughOwn);
        Assert.DoesNotContain("keep-alive", throughOwn, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("proxy-authorization", throughOwn, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("mallory", throughOwn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passes_every_framing_of_response_on_intact()
    {
        await using var router = await RouterToAsync(_replicaUrl);

        var cookies = await router.GetAsync(Host, "/cookies");
        Assert.Equal(["a=1; Path=/", "b=2; Path=/"], cookies.Headers.GetValues("Set-Cookie"));
        Assert.Equal("yes", Assert.Single(cookies.Headers.GetValues("X-Replica")));
        Assert.Equal("cookies", await cookies.Content.ReadAsStringAsync());

        foreach (var path in new[] { "/length", "/chunked", "/length", "/chunked" })
        {
            var response = await router.GetAsync(Host, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(path == "/chunked", response.Headers.TransferEncodingChunked == true);
            Assert.Equal(Big, await response.Content.ReadAsByteArrayAsync());
        }

        var head = await router.GetAsync(Host, "/length", request => request.Method = HttpMethod.Head);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(BigBody, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        var nothing = await router.GetAsync(Host, "/nothing");
        Assert.Equal(HttpStatusCode.NoContent, nothing.StatusCode);
        Assert.Empty(await nothing.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_request_with_a_body_still_reaches_the_replica()
    {
        await using var router = await RouterToAsync(_replicaUrl);

        var response = await router.GetAsync(Host, "/body", request =>
        {
            request.Method = HttpMethod.Post;
            request.Content = new StringContent("order=3");
        });

        Assert.Equal("7|order=3", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Keeps_one_connection_alive_across_requests()
    {
        await using var replica = new ScriptedBackend(async (stream, _, _) =>
        {
            await ScriptedBackend.Write(stream, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return true;
        });
        await using var router = await RouterToAsync(replica.Url);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("ok", await (await router.GetAsync(Host)).Content.ReadAsStringAsync());
        }

        Assert.Equal(1, replica.Connections);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Connection: close\r\n")]
    public async Task A_connection_the_replica_closes_is_replaced_without_the_client_noticing(string connectionHeader)
    {
        // Answers one request per connection, then closes it: with "Connection: close" the router knows; without it, the
        // router finds out when it reuses the connection, and sends the request again on a new one.
        await using var replica = new ScriptedBackend(async (stream, _, _) =>
        {
            await ScriptedBackend.Write(stream, $"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n{connectionHeader}\r\nok");
            return false;
        });
        await using var router = await RouterToAsync(replica.Url);

        for (var i = 0; i < 5; i++)
        {
            var response = await router.GetAsync(Host);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
            await Task.Delay(i % 2 == 0 ? 50 : 0);
        }

        Assert.Equal(5, replica.Connections);
    }

    [Fact]
    public async Task Interim_responses_are_dropped_and_the_final_one_passed_on()
    {
        await using var replica = new ScriptedBackend(async (stream, _, _) =>
        {
            await ScriptedBackend.Write(stream, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal");
            return true;
        });
        await using var router = await RouterToAsync(replica.Url);

        var response = await router.GetAsync(Host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("final", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("garbage\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-")]
    [InlineData("")]
    public async Task A_replica_that_answers_badly_or_not_at_all_gets_a_502_and_the_next_request_a_new_connection(string answer)
    {
        await using var replica = new ScriptedBackend(async (stream, index, _) =>
        {
            await ScriptedBackend.Write(stream, answer);
            return false;
        });
        await using var router = await RouterToAsync(replica.Url);

        for (var i = 0; i < 2; i++)
        {
            var response = await router.GetAsync(Host);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Contains("PR 7's preview did not answer", body, StringComparison.Ordinal);
            Assert.Equal("5", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(2, replica.Connections);
    }

    [Fact]
    public async Task A_body_cut_short_after_it_started_aborts_the_client_connection()
    {
        await using var replica = new ScriptedBackend(async (stream, _, _) =>
        {
            await ScriptedBackend.Write(stream, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + new string('x', 100_000));
            await Task.Delay(100);
            return false;
        });
        await using var router = await RouterToAsync(replica.Url);

        var response = await router.Public.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = Host } }, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task A_replica_that_stays_silent_gets_the_client_a_502_after_the_replica_timeout(string method)
    {
        // GET takes the path under test, POST (a body) YARP's: both honour Router:ReplicaTimeoutSeconds.
        await using var replica = new ScriptedBackend(async (stream, _, _) =>
        {
            // Reads whatever comes (the POST's body) and never answers, until the router gives up and closes.
            var buffer = new byte[1024];
            while (await stream.ReadAsync(buffer) > 0)
            {
            }

            return false;
        });
        await using var router = await RouterToAsync(replica.Url, replicaTimeoutSeconds: 1);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var response = await router.GetAsync(Host, "/", request =>
        {
            request.Method = new HttpMethod(method);
            if (method == "POST")
            {
                request.Content = new StringContent("x");
            }
        });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("did not answer (RequestTimedOut)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_goes_away_frees_the_replica_connection(bool ownPath)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var replica = new ScriptedBackend(async (stream, _, _) =>
        {
            // Never answers; the read ends (or fails) when the router closes the connection.
            try
            {
                _ = await stream.ReadAsync(new byte[1]);
            }
            finally
            {
                closed.TrySetResult();
            }

            return false;
        });
        await using var router = await RouterToAsync(replica.Url, ownPath ? Path : ForwardingPath.Yarp);
        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => router.Public.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = Host } }, gone.Token));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_websocket_upgrade_still_passes_through_the_yarp_path()
    {
        await using var router = await RouterToAsync(_replicaUrl);
        // The client names the preview's host; every connection goes to the router's port.
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) => await router.ConnectPublicAsync(token),
        };
        using var client = new System.Net.WebSockets.ClientWebSocket();

        await client.ConnectAsync(new Uri($"ws://{Host}/ws"), new HttpMessageInvoker(handler), CancellationToken.None);
        await client.SendAsync("hello"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var received = await client.ReceiveAsync(buffer, CancellationToken.None);

        Assert.Equal("HELLO", System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task A_non_ascii_response_header_reaches_the_client_byte_for_byte(string method)
    {
        // A service naming a download in UTF-8 (RFC 6266 prefers filename*, but browsers read raw UTF-8 too).
        const string header = "Content-Disposition: attachment; filename=\"r\u00c3\u00a9sum\u00c3\u00a9.pdf\"";
        await using var replica = new ScriptedBackend(async (stream, _, _) =>
        {
            await ScriptedBackend.Write(stream, $"HTTP/1.1 200 OK\r\n{header}\r\nContent-Length: 2\r\n\r\nok");
            return true;
        });
        await using var router = await RouterToAsync(replica.Url);
        await using var stream = await router.ConnectPublicAsync();
        var body = method == "POST" ? "Content-Length: 1\r\n\r\nx" : "\r\n";
        await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes($"{method} / HTTP/1.1\r\nHost: {Host}\r\nConnection: close\r\n{body}"));

        using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
        var response = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains($"\r\n{header}\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nok", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task A_non_ascii_request_header_reaches_the_replica_byte_for_byte(string method)
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var replica = new ScriptedBackend(async (stream, _, head) =>
        {
            received.TrySetResult(head);
            await ScriptedBackend.Write(stream, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return true;
        });
        await using var router = await RouterToAsync(replica.Url);
        await using var stream = await router.ConnectPublicAsync();
        var body = method == "POST" ? "Content-Length: 1\r\n\r\nx" : "\r\n";
        // "X-Name: résumé" as a browser sends it, in UTF-8.
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"{method} / HTTP/1.1\r\nHost: {Host}\r\nX-Name: r\u00e9sum\u00e9\r\n{body}"));

        var head = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The scripted replica reads bytes as Latin-1: UTF-8's two bytes per letter show as two chars.
        Assert.Contains("\r\nX-Name: r\u00c3\u00a9sum\u00c3\u00a9\r\n", head, StringComparison.Ordinal);
    }
}
