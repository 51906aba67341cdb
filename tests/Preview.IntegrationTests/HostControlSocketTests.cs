using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// The control socket under bad input, races and clients that die part-way: every request gets a clear answer, and the
/// host and its other previews keep serving with nothing left half-started.
/// </summary>
[Collection(PreviewStackCollection.Name)]
public sealed class HostControlSocketTests(PreviewStackFixture stack)
{
    private PreviewStateDirectory State => PreviewStateDirectory.Resolve(stack.StateDirectory, "/");

    [Fact]
    public void The_control_socket_is_owner_only()
    {
        var mode = File.GetUnixFileMode(State.ControlSocket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(State.ControlSocket)!));
    }

    [Theory]
    [InlineData("{\"verb\":\"serve\"}\n", "no PR given")]
    [InlineData("{\"verb\":\"serve\",\"pullRequests\":[\"0\"]}\n", "start at 1")]
    [InlineData("{\"verb\":\"serve\",\"pullRequests\":[\"-4\"]}\n", "not a valid PR id")]
    [InlineData("{\"verb\":\"serve\",\"pullRequests\":[\"abc\"]}\n", "not a valid PR id")]
    [InlineData("{\"verb\":\"serve\",\"pullRequests\":[\"12345678901\"]}\n", "too large")]
    [InlineData("{\"verb\":\"serve\",\"pullRequests\":[7]}\n", "Not a request")]
    [InlineData("{\"verb\":\"explode\"}\n", "Unknown verb")]
    [InlineData("{}\n", "names no verb")]
    [InlineData("\n", "Empty request")]
    [InlineData("serve 9\n", "Not a request")]
    public async Task A_malformed_request_gets_a_clear_answer(string request, string expected)
    {
        var answer = await SendRawAsync(Encoding.UTF8.GetBytes(request));
        Assert.Equal(HostEventKinds.Invalid, answer.Kind);
        Assert.Contains(expected, answer.Message);
        await AssertHostUnharmedAsync();
    }

    [Fact]
    public async Task Garbage_bytes_and_oversized_requests_are_refused_and_the_host_keeps_serving()
    {
        var garbage = await SendRawAsync([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a]);
        Assert.Equal(HostEventKinds.Invalid, garbage.Kind);

        var oversized = await SendRawAsync(Encoding.UTF8.GetBytes(new string('x', HostWire.MaxLineLength * 2)));
        Assert.Equal(HostEventKinds.Invalid, oversized.Kind);
        Assert.Contains("longer than", oversized.Message);

        // A client that connects and says nothing is answered and let go, not waited on for ever.
        var silent = await SendRawAsync([]);
        Assert.Equal(HostEventKinds.Invalid, silent.Kind);
        await AssertHostUnharmedAsync();
    }

    [Fact]
    public async Task Two_clients_asking_for_the_same_new_pr_at_once_one_wins_and_one_is_refused()
    {
        var first = await HostConnection.TryConnectAsync(State, CancellationToken.None);
        var second = await HostConnection.TryConnectAsync(State, CancellationToken.None);
        await using (first)
        await using (second)
        {
            var request = new HostRequest(HostVerbs.Serve, ["12"]);
            await Task.WhenAll(first!.SendAsync(request, CancellationToken.None), second!.SendAsync(request, CancellationToken.None));
            var outcomes = await Task.WhenAll(FinalAsync(first), FinalAsync(second));

            Assert.Single(outcomes, o => o.Kind == HostEventKinds.Ready);
            var refused = Assert.Single(outcomes, o => o.Kind == HostEventKinds.Refused);
            Assert.Contains("PR 12 is already served", refused.Message);
        }

        // The winner's connection closed: PR 12 is released.
        await WaitForNoServedSlotAsync();
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf(12));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(400)]
    [InlineData(1500)]
    [InlineData(4000)]
    public async Task A_client_that_dies_at_any_stage_of_a_start_leaves_nothing_half_started(int diesAfterMilliseconds)
    {
        await using (var dying = await HostConnection.TryConnectAsync(State, CancellationToken.None))
        {
            await dying!.SendAsync(new HostRequest(HostVerbs.Serve, ["13"]), CancellationToken.None);
            await Task.Delay(diesAfterMilliseconds);
        }

        await WaitForNoServedSlotAsync();
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf(13));
        Assert.Empty(AppHostProcess.ProcessesWithEnvironment("Preview__PullRequest=13"));
        await AssertHostUnharmedAsync();

        // What was provisioned is whole: the PR serves normally right after.
        await using var again = await HostConnection.TryConnectAsync(State, CancellationToken.None);
        await again!.SendAsync(new HostRequest(HostVerbs.Serve, ["13"]), CancellationToken.None);
        Assert.Equal(HostEventKinds.Ready, (await FinalAsync(again)).Kind);
        Assert.True((await stack.GetOrdersAsync(PullRequestId.From(13))).Count >= 3);
    }

    private async Task<HostEvent> SendRawAsync(byte[] request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(State.ControlSocket));
        await using var stream = new NetworkStream(socket);
        try
        {
            await stream.WriteAsync(request);
        }
        catch (IOException)
        {
            // The host may answer and close before an oversized request is fully written.
        }

        using var reader = new StreamReader(stream);
        var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return JsonSerializer.Deserialize<HostEvent>(line!, HostWire.Options)!;
    }

    private static async Task<HostEvent> FinalAsync(HostConnection connection)
    {
        while (true)
        {
            var message = await connection.ReadAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));
            if (message is null || message.Kind != HostEventKinds.Progress)
            {
                return message ?? new HostEvent("closed");
            }
        }
    }

    private async Task<HttpStatusCode> StatusOf(int pullRequest)
    {
        using var response = await stack.SendAsync(PreviewStackFixture.FrontendHost(PullRequestId.From(pullRequest)), HttpMethod.Get, "/");
        return response.StatusCode;
    }

    private async Task WaitForNoServedSlotAsync()
    {
        await Eventually.WaitAsync(async () =>
        {
            await using var connection = await HostConnection.TryConnectAsync(State, CancellationToken.None);
            await connection!.SendAsync(new HostRequest(HostVerbs.List), CancellationToken.None);
            return (await connection.ReadAsync(CancellationToken.None))!.Previews!.Select(p => p.PullRequest).ToList();
        }, served => served.SequenceEqual([7, 8]), TimeSpan.FromSeconds(60), "only the host's own PRs to be served");
        await stack.App.ResourceNotifications.WaitForResourceAsync("slot1", e => e.Snapshot.State?.Text == "Idle").WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task AssertHostUnharmedAsync()
    {
        Assert.Equal(HttpStatusCode.OK, await StatusOf(7));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(8));
    }
}
