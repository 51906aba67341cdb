using PreviewAspire.Naming;
using PreviewAspire.ServiceDefaults;

namespace PreviewAspire.UnitTests.Routing;

public sealed class ClusterForksTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static PullRequestId Pr(int id) => PullRequestId.Parse(id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_fork_that_resolves_is_found_by_the_naming_convention_and_the_answer_kept_for_five_seconds()
    {
        var time = new ManualTime();
        var lookups = new List<string>();
        var forks = new ClusterForks("svc.cluster.local", 80, time, host => { lookups.Add(host); return host.StartsWith("api.", StringComparison.Ordinal); });

        Assert.True(forks.TryResolve(Pr(42), "api", out var target));
        Assert.Equal("http://api.preview-pr42.svc.cluster.local/", target.ToString());
        Assert.False(forks.TryResolve(Pr(42), "frontend", out _));
        Assert.True(forks.TryResolve(Pr(42), "api", out _));
        time.Now += TimeSpan.FromSeconds(6);
        Assert.True(forks.TryResolve(Pr(42), "api", out _));

        Assert.Equal(["api.preview-pr42.svc.cluster.local", "frontend.preview-pr42.svc.cluster.local", "api.preview-pr42.svc.cluster.local"], lookups);
    }

    [Fact]
    public void Made_up_pull_requests_cannot_grow_the_cache_without_bound()
    {
        var time = new ManualTime();
        var forks = new ClusterForks("svc.cluster.local", 80, time, host => host.Contains("preview-pr7.", StringComparison.Ordinal));

        for (var id = 1; id <= ClusterForks.Capacity * 2 + 500; id++)
        {
            forks.TryResolve(Pr(id), "api", out _);
        }

        Assert.InRange(forks.CachedAnswers, 1, ClusterForks.Capacity);
        Assert.True(forks.TryResolve(Pr(7), "api", out var target));
        Assert.Equal("http://api.preview-pr7.svc.cluster.local/", target.ToString());
    }

    [Fact]
    public void Expired_answers_go_first()
    {
        var time = new ManualTime();
        var forks = new ClusterForks("svc.cluster.local", 80, time, _ => false);
        for (var id = 1; id <= ClusterForks.Capacity; id++)
        {
            forks.TryResolve(Pr(id), "api", out _);
        }

        time.Now += TimeSpan.FromSeconds(6);
        forks.TryResolve(Pr(ClusterForks.Capacity + 1), "api", out _);

        Assert.Equal(1, forks.CachedAnswers);
    }
}
