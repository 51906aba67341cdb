using System.Net;
using System.Net.Sockets;

namespace PreviewAspire.Router.Tests.FastPath;

/// <summary>
/// The fast path on a real router's public port, spoken to over raw connections: what it forwards itself, what it hands to
/// Kestrel untouched (on the same connection), pipelining, heads that arrive in pieces, and many clients at once.
/// </summary>
public sealed class FastPathTests : IAsyncLifetime
{
    private static readonly string Host = $"pr7.{RunningRouter.Domain}";
    private EchoBackend _replica = null!;
    private RunningRouter _router = null!;

    public async Task InitializeAsync()
    {
        _replica = await EchoBackend.StartAsync("seven");
        _router = await RunningRouter.StartForPr7Async(_replica.Url);
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _replica.DisposeAsync();
    }

    private static string Get(string path, string host, string extra = "") => $"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n";

    // One request on a new connection to the public port, and its response.
    private async Task<RawResponse> ExchangeAsync(byte[] request)
    {
        await using var connection = await _router.ConnectPublicAsync();
        await connection.WriteAsync(request);
        return await RawHttp.ReadResponseAsync(connection);
    }

    private Task<RawResponse> ExchangeAsync(string request) => ExchangeAsync(System.Text.Encoding.Latin1.GetBytes(request));

    [Theory]
    [InlineData(true, "Fine")]
    [InlineData(false, "OK")]
    public async Task Plain_requests_are_forwarded_by_the_fast_path_itself(bool fastPath, string reason)
    {
        // The fast path passes the replica's status line on as it is; Kestrel writes its own reason phrase.
        await using var replica = new Forwarding.ScriptedBackend(async (stream, _, _) =>
        {
            await Forwarding.ScriptedBackend.Write(stream, "HTTP/1.1 200 Fine\r\nContent-Length: 2\r\n\r\nok");
            return true;
        });
        await using var router = await RunningRouter.StartForPr7Async(replica.Url, $"--Router:FastPath={fastPath}");
        await using var connection = await router.ConnectPublicAsync();
        await RawHttp.WriteAsync(connection, Get("/", Host));

        var response = await RawHttp.ReadResponseAsync(connection);

        Assert.Equal(200, response.Status);
        Assert.Equal(reason, response.Reason);
        Assert.Equal("ok", response.Body);
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order_on_one_connection()
    {
        await using var connection = await _router.ConnectPublicAsync();
        await RawHttp.WriteAsync(connection, Get("/one", Host) + Get("/two", Host) + Get("/three", Host));

        foreach (var path in new[] { "/one", "/two", "/three" })
        {
            var response = await RawHttp.ReadResponseAsync(connection);
            Assert.Equal(200, response.Status);
            Assert.StartsWith($"seven|{path}|{Host}|http|127.0.0.1||preview.pr=7", response.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_head_that_arrives_a_few_bytes_at_a_time_is_forwarded()
    {
        await using var connection = await _router.ConnectPublicAsync();
        var request = Get("/slow", Host, "X-Caller: yes\r\n");
        for (var offset = 0; offset < request.Length; offset += 7)
        {
            await RawHttp.WriteAsync(connection, request.Substring(offset, Math.Min(7, request.Length - offset)));
            await Task.Delay(20);
        }

        var response = await RawHttp.ReadResponseAsync(connection);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("seven|/slow|", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_the_fast_path_does_not_take_reach_kestrel_on_the_same_connection()
    {
        await using var connection = await _router.ConnectPublicAsync();
        await RawHttp.WriteAsync(connection, Get("/first", Host));
        Assert.StartsWith("seven|/first|", (await RawHttp.ReadResponseAsync(connection)).Body, StringComparison.Ordinal);

        // A body: Kestrel takes the connection from here on, with this request unread.
        await RawHttp.WriteAsync(connection, $"POST /second HTTP/1.1\r\nHost: {Host}\r\nContent-Length: 5\r\n\r\nhello");
        var posted = await RawHttp.ReadResponseAsync(connection);
        Assert.Equal(200, posted.Status);
        Assert.StartsWith($"seven|/second|{Host}|http|127.0.0.1||preview.pr=7", posted.Body, StringComparison.Ordinal);

        await RawHttp.WriteAsync(connection, Get("/third", Host));
        Assert.StartsWith("seven|/third|", (await RawHttp.ReadResponseAsync(connection)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /old HTTP/1.0\r\nHost: {0}\r\n\r\n")]
    [InlineData("GET /expect HTTP/1.1\r\nHost: {0}\r\nExpect: 100-continue\r\n\r\n")]
    [InlineData("GET /utf8 HTTP/1.1\r\nHost: {0}\r\nX-Name: J\u00e9r\u00f4me\r\n\r\n")]
    [InlineData("get /lower HTTP/1.1\r\nHost: {0}\r\n\r\n")]
    public async Task Unusual_but_valid_requests_are_served_by_kestrel(string request)
    {
        var response = await ExchangeAsync(System.Text.Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, request, Host)));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("seven|/", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_larger_than_the_fast_path_reads_is_served_by_kestrel()
    {
        var response = await ExchangeAsync(Get("/large", Host, $"X-Large: {new string('a', 20_000)}\r\n"));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("seven|/large|", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: {0}\r\nHost: other.example\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: {0}\r\nBad Header: x\r\n\r\n")]
    public async Task Invalid_requests_get_kestrels_400(string request)
    {
        Assert.Equal(400, (await ExchangeAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, request, Host))).Status);
    }

    [Fact]
    public async Task Unknown_hosts_get_the_routers_404()
    {
        var response = await ExchangeAsync(Get("/", $"pr8.{RunningRouter.Domain}"));

        Assert.Equal(404, response.Status);
        Assert.Contains("PR 8 has no running preview here", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replica_that_refuses_connections_gets_the_client_a_502()
    {
        var closedPort = LoopbackPorts.Free();
        var put = await _router.ControlAsync(HttpMethod.Put, "/routes",
            $$"""{"previews":[{"pullRequest":9,"frontend":"http://127.0.0.1:{{closedPort}}/","api":"http://127.0.0.1:{{closedPort}}/"}]}""");
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var response = await ExchangeAsync(Get("/", $"pr9.{RunningRouter.Domain}"));

        Assert.Equal(502, response.Status);
        Assert.Contains("PR 9's preview did not answer", response.Body, StringComparison.Ordinal);
        Assert.Equal("5", response.Headers["retry-after"]);
    }

    [Fact]
    public async Task Connection_close_is_honoured()
    {
        await using var connection = await _router.ConnectPublicAsync();
        await RawHttp.WriteAsync(connection, Get("/bye", Host, "Connection: close\r\n"));

        var response = await RawHttp.ReadResponseAsync(connection);

        Assert.Equal(200, response.Status);
        Assert.Equal("close", response.Headers["connection"]);
        Assert.Equal(0, await connection.ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task A_request_in_flight_when_the_router_stops_is_still_answered_then_the_connection_closed()
    {
        await using var replica = new Forwarding.ScriptedBackend(async (stream, _, _) =>
        {
            await Task.Delay(1000);
            await Forwarding.ScriptedBackend.Write(stream, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate");
            return true;
        });
        var router = await RunningRouter.StartForPr7Async(replica.Url);
        await using var connection = await router.ConnectPublicAsync();
        await RawHttp.WriteAsync(connection, Get("/", Host));
        await Task.Delay(300);

        var stopping = router.DisposeAsync().AsTask();
        var response = await RawHttp.ReadResponseAsync(connection);

        Assert.Equal("late", response.Body);
        Assert.Equal("close", response.Headers["connection"]);
        Assert.Equal(0, await connection.ReadAsync(new byte[1]));
        await stopping;
    }

    [Fact]
    public async Task Many_clients_at_once_each_get_their_own_answers()
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = _router.Public.BaseAddress };
        var failures = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (i, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/item/{i}");
            request.Headers.Host = Host;
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK || !body.StartsWith($"seven|/item/{i}|", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }
}
