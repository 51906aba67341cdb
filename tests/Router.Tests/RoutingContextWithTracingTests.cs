using System.Diagnostics;
using System.Net;

namespace PreviewAspire.Router.Tests;

/// <summary>Runs alone: an <see cref="ActivityListener"/> is process-wide and would change other tests' trace headers.</summary>
[CollectionDefinition(nameof(TracingCollection), DisableParallelization = true)]
public sealed class TracingCollection;

/// <summary>
/// With a tracing listener the router creates an Activity per request, whose baggage ASP.NET Core takes from the
/// caller's <c>baggage</c> header; the forwarding client's propagator must not bring it back.
/// </summary>
[Collection(nameof(TracingCollection))]
public sealed class RoutingContextWithTracingTests
{
    [Fact]
    public async Task A_router_span_carries_no_caller_baggage_to_the_replica()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || source.Name.StartsWith("System.Net.Http", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        await using var baseline = await EchoBackend.StartAsync("main-frontend");
        await using var fork = await EchoBackend.StartAsync("pr42-frontend");
        await using var router = await RunningRouter.StartAsync($"--Router:ControlToken={RunningRouter.Token}");
        await router.ControlAsync(HttpMethod.Put, "/routes",
            $$"""{"baseline":{"frontend":"{{baseline.Url}}"},"previews":[{"pullRequest":42,"frontend":"{{fork.Url}}"}]}""");
        const string traceId = "0af7651916cd43dd8448eb211c80319c";

        var toBaseline = await EchoAsync(router, $"main.{RunningRouter.Domain}", traceId);
        var toFork = await EchoAsync(router, $"pr42.{RunningRouter.Domain}", traceId);

        Assert.Equal("main-frontend", toBaseline[0]);
        Assert.Equal(EchoBackend.NoBaggage, toBaseline[6]);
        Assert.Equal("pr42-frontend", toFork[0]);
        Assert.Equal("preview.pr=42", toFork[6]);
        // The trace continues through a router span: same trace, another parent.
        Assert.StartsWith($"00-{traceId}-", toFork[5]);
        Assert.DoesNotContain("b7ad6b7169203331", toFork[5], StringComparison.Ordinal);
    }

    private static async Task<string[]> EchoAsync(RunningRouter router, string host, string traceId)
    {
        var response = await router.GetAsync(host, "/", request =>
        {
            request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");
            request.Headers.Add("baggage", "preview.pr=7,userId=alice");
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split('|');
    }
}
