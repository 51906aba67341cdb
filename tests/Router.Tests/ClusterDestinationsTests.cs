using Microsoft.Extensions.Options;
using PreviewAspire.Naming;

namespace PreviewAspire.Router.Tests;

/// <summary>Cluster mode's naming convention, against a resolver that knows a fixed set of Service names.</summary>
public sealed class ClusterDestinationsTests
{
    private const string Suffix = "svc.cluster.local";
    private static readonly PullRequestId Pr42 = PullRequestId.From(42);

    private readonly PreviewActivity _activity = new(TimeProvider.System);

    [Fact]
    public async Task A_forked_entry_goes_to_the_prs_own_service_with_its_routing_context()
    {
        var destinations = With("api.preview-pr42", "frontend.preview-main", "api.preview-main");

        var api = await destinations.FindAsync(Pr42, PreviewSurface.Api, default);

        Assert.Equal($"http://api.preview-pr42.{Suffix}:80/", api!.Prefix);
        Assert.Equal("preview.pr=42", api.Baggage);
        Assert.NotNull(api.Activity);
        Assert.True(api.WakesWhenUnreachable);
    }

    [Theory]
    [InlineData("preview.preview-pr42")]
    [InlineData("api.preview-pr42")]
    public async Task An_unforked_entry_of_an_existing_pr_goes_to_the_baseline_with_the_prs_routing_context(string presence)
    {
        var destinations = With(presence, "frontend.preview-main", "api.preview-main");

        var frontend = await destinations.FindAsync(Pr42, PreviewSurface.Frontend, default);

        Assert.Equal($"http://frontend.preview-main.{Suffix}:80/", frontend!.Prefix);
        Assert.Equal("preview.pr=42", frontend.Baggage);
        Assert.Same(_activity.CellFor(Pr42), frontend.Activity);
        Assert.False(frontend.WakesWhenUnreachable);
    }

    [Fact]
    public async Task A_pr_without_a_namespace_is_not_served_even_though_the_baseline_is()
    {
        var destinations = With("frontend.preview-main", "api.preview-main");

        Assert.Null(await destinations.FindAsync(Pr42, PreviewSurface.Frontend, default));
        Assert.Null(await destinations.FindAsync(Pr42, PreviewSurface.Api, default));
        Assert.Empty(_activity.Report().Previews);
    }

    [Fact]
    public async Task An_unforked_entry_without_a_baseline_is_not_served()
    {
        var destinations = With("preview.preview-pr42");

        Assert.Null(await destinations.FindAsync(Pr42, PreviewSurface.Frontend, default));
    }

    [Fact]
    public async Task The_baseline_hosts_go_to_the_baseline_namespace_with_no_context_and_no_activity()
    {
        var destinations = With("frontend.preview-main", "preview.preview-pr42", "frontend.preview-pr42");

        var frontend = await destinations.FindAsync(default, PreviewSurface.Frontend, default);

        Assert.Equal($"http://frontend.{PreviewNames.Baseline.Namespace}.{Suffix}:80/", frontend!.Prefix);
        Assert.Null(frontend.Baggage);
        Assert.Null(frontend.Activity);
        Assert.Null(await destinations.FindAsync(default, PreviewSurface.Api, default));
    }

    [Fact]
    public async Task Answers_are_cached()
    {
        var resolver = new KnownServices(Suffix, ["frontend.preview-pr42"]);
        var destinations = new ClusterDestinations(Options.Create(new RouterOptions()), TimeProvider.System, _activity, resolver);

        await destinations.FindAsync(Pr42, PreviewSurface.Frontend, default);
        await destinations.FindAsync(Pr42, PreviewSurface.Frontend, default);

        Assert.Equal(1, resolver.Lookups);
    }

    [Fact]
    public async Task Asking_for_ever_more_prs_does_not_grow_the_cache_past_its_capacity()
    {
        var time = new ManualTime();
        var destinations = new ClusterDestinations(Options.Create(new RouterOptions()), time, _activity, new KnownServices(Suffix, ["frontend.preview-pr42"]));

        for (var pr = 1; pr <= ClusterDestinations.CacheCapacity + 100; pr++)
        {
            await destinations.FindAsync(PullRequestId.From(pr), PreviewSurface.Frontend, default);
        }

        Assert.Equal(ClusterDestinations.CacheCapacity, destinations.CachedAnswers);
        // PR 42 was answered before the cache filled, and is still served from it.
        Assert.NotNull(await destinations.FindAsync(Pr42, PreviewSurface.Frontend, default));

        // Once those answers have expired, the next one asked for makes room by dropping them.
        time.Advance(TimeSpan.FromSeconds(6));
        await destinations.FindAsync(PullRequestId.From(999_999_999), PreviewSurface.Api, default);
        Assert.Equal(1, destinations.CachedAnswers);
    }

    private ClusterDestinations With(params string[] services) =>
        new(Options.Create(new RouterOptions()), TimeProvider.System, _activity, new KnownServices(Suffix, services));
}
