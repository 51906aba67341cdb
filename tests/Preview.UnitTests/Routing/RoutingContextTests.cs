using System.Diagnostics;
using PreviewAspire.Naming;
using PreviewAspire.Orders;
using PreviewAspire.ServiceDefaults;

namespace PreviewAspire.UnitTests.Routing;

/// <summary>The routing context: how it is read from baggage, carried on outgoing calls, resolved to forks, and through messages.</summary>
public sealed class RoutingContextTests
{
    private static readonly PullRequestId FortyTwo = PullRequestId.From(42);

    [Theory]
    [InlineData("preview.pr=42", 42)]
    [InlineData("a=1, preview.pr = 42 ;prop=x, b=2", 42)]
    [InlineData("other=7", null)]
    [InlineData("preview.pr=042", null)]
    [InlineData("preview.pr=0", null)]
    [InlineData("preview.pr=1000000000", null)]
    [InlineData("preview.pr=4x", null)]
    [InlineData("preview.prx=42", null)]
    [InlineData("", null)]
    public void Only_a_canonical_pr_number_under_the_preview_key_is_a_routing_context(string baggage, int? expected) =>
        Assert.Equal(expected, PreviewRoutingContext.Read(baggage)?.Value);

    [Fact]
    public void The_router_sets_exactly_one_member() =>
        Assert.Equal("preview.pr=42", PreviewRoutingContext.Format(FortyTwo));

    [Fact]
    public async Task A_call_for_a_pr_goes_to_its_fork_of_the_service_else_to_the_baselines_and_carries_the_context()
    {
        var mesh = Mesh();
        var (sent, handler) = Capture(new PreviewContext(PreviewNames.Baseline), mesh);

        using (RoutingScope.Enter(FortyTwo))
        {
            await Send(handler, "https+http://api/orders?x=1");
        }

        Assert.Equal("http://127.0.0.1:4202/orders?x=1", sent[0].RequestUri!.ToString());
        Assert.Equal("preview.pr=42", string.Join(",", sent[0].Headers.GetValues("baggage")));

        using (RoutingScope.Enter(PullRequestId.From(43)))
        {
            await Send(handler, "http://api/orders");
            await Send(handler, "http://frontend/");
        }

        Assert.Equal("http://127.0.0.1:4100/orders", sent[1].RequestUri!.ToString());
        Assert.Equal("http://127.0.0.1:4301/", sent[2].RequestUri!.ToString());
        Assert.Equal("preview.pr=43", string.Join(",", sent[1].Headers.GetValues("baggage")));
    }

    [Fact]
    public async Task The_baselines_own_work_is_left_to_service_discovery_and_carries_no_context()
    {
        var (sent, handler) = Capture(new PreviewContext(PreviewNames.Baseline), Mesh());

        await Send(handler, "https+http://api/orders");

        Assert.Equal("https+http://api/orders", sent[0].RequestUri!.ToString());
        Assert.False(sent[0].Headers.Contains("baggage"));
    }

    [Fact]
    public async Task A_forks_background_work_belongs_to_its_pr()
    {
        var (sent, handler) = Capture(new PreviewContext(PullRequestId.From(43)), Mesh());

        await Send(handler, "http://api/orders");

        // PR 43 does not fork the API: the baseline's, in PR 43's context.
        Assert.Equal("http://127.0.0.1:4100/orders", sent[0].RequestUri!.ToString());
        Assert.Equal("preview.pr=43", string.Join(",", sent[0].Headers.GetValues("baggage")));
    }

    [Fact]
    public async Task In_a_cluster_a_pr_without_a_fork_of_the_service_keeps_the_services_own_configuration()
    {
        var mesh = new ServiceMesh(new ClusterForks("cluster.invalid", 80, TimeProvider.System));
        var (sent, handler) = Capture(new PreviewContext(PreviewNames.Baseline), mesh);

        using (RoutingScope.Enter(FortyTwo))
        {
            await Send(handler, "https+http://api/orders");
        }

        // api.preview-pr42.cluster.invalid does not resolve: the baseline's own api (service discovery), in PR 42's context.
        Assert.Equal("https+http://api/orders", sent[0].RequestUri!.ToString());
        Assert.Equal("preview.pr=42", string.Join(",", sent[0].Headers.GetValues("baggage")));
    }

    [Fact]
    public void Before_the_mesh_is_known_nothing_resolves()
    {
        var mesh = new ServiceMesh();

        Assert.False(mesh.IsKnown);
        Assert.False(mesh.TryResolve(FortyTwo, "api", out _));
        Assert.Empty(mesh.ForksOf(FortyTwo));
    }

    [Fact]
    public void A_message_continues_the_trace_and_routing_context_of_the_request_that_stored_it()
    {
        TraceContext stored;
        using (var request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            using (RoutingScope.Enter(FortyTwo))
            {
                stored = TraceContext.Current();
            }
        }

        var headers = new Dictionary<string, object?>();
        stored.WriteTo(headers);
        // RabbitMQ hands string headers back as bytes.
        var delivered = headers.ToDictionary(h => h.Key, h => (object?)System.Text.Encoding.UTF8.GetBytes((string)h.Value!));

        Assert.Null(RoutingScope.Current);
        using var work = TraceContext.ReadFrom(delivered).Continue("process");
        Assert.Equal(FortyTwo, RoutingScope.Current);
        Assert.Equal(stored.TraceParent!.Split('-')[1], work.TraceId.ToString());
    }

    private static ServiceMesh Mesh()
    {
        var mesh = new ServiceMesh();
        mesh.Replace(new ServiceMeshDocument(
            3,
            new() { ["api"] = new Uri("http://127.0.0.1:4100/"), ["frontend"] = new Uri("http://127.0.0.1:4101/") },
            new()
            {
                ["42"] = new() { ["api"] = new Uri("http://127.0.0.1:4202/"), ["worker"] = new Uri("http://127.0.0.1:4203/") },
                ["43"] = new() { ["frontend"] = new Uri("http://127.0.0.1:4301/") },
            }));
        return mesh;
    }

    private static (List<HttpRequestMessage> Sent, HttpMessageInvoker Handler) Capture(PreviewContext preview, ServiceMesh mesh)
    {
        var sent = new List<HttpRequestMessage>();
        var handler = new RoutingContextHandler(preview, mesh) { InnerHandler = new Recorder(sent) };
        return (sent, new HttpMessageInvoker(handler));
    }

    private static async Task Send(HttpMessageInvoker handler, string url) =>
        (await handler.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), CancellationToken.None)).Dispose();

    private sealed class Recorder(List<HttpRequestMessage> sent) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Add(request);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
