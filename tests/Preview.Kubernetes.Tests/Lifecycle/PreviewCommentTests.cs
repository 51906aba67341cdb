using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests.Lifecycle;

/// <summary>The PR comment says where the preview is, when it sleeps and expires, what it cost, and what teardown removed.</summary>
public sealed class PreviewCommentTests
{
    private static readonly DateTimeOffset Now = new(2025, 2, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly PreviewLifetime Lifetime = PreviewLifetime.FromAnnotations(new Dictionary<string, string>
    {
        [PreviewNames.ExpiresAtAnnotation] = "2025-02-03T12:00:00Z",
        [PreviewNames.IdleAfterAnnotation] = "45m",
        [PreviewNames.AwakeSinceAnnotation] = "2025-02-01T11:30:00Z",
        [PreviewNames.RequestsCpuAnnotation] = "150m",
        [PreviewNames.RequestsMemoryAnnotation] = "384Mi",
    });

    [Fact]
    public void AReadyPreviewShowsUrlsSleepExpiryAndCost()
    {
        var text = new PreviewComment
        {
            PullRequest = PullRequestId.From(7),
            Status = PreviewStatus.Ready,
            Domain = "previews.example.com",
            Lifetime = Lifetime,
            Prices = new PreviewPrices(0.04m, 0.005m, "EUR"),
        }.Render(Now);
        Assert.StartsWith(PreviewComment.Marker + "\n### Preview for #7: ready", text, StringComparison.Ordinal);
        Assert.Contains("| Frontend | https://pr7.previews.example.com/ |", text, StringComparison.Ordinal);
        Assert.Contains("| Sleeps | after 45m without a request (at 2025-02-01T12:15:00Z if none comes) |", text, StringComparison.Ordinal);
        Assert.Contains("| Expires | 2025-02-03T12:00:00Z", text, StringComparison.Ordinal);
        Assert.Contains("| Cost so far | 0.0039 EUR for 0h 30m awake (0.0079 EUR per awake hour: 150m vCPU, 384Mi requested) |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutPricesThereIsNoCostLine() =>
        Assert.DoesNotContain("Cost", new PreviewComment { PullRequest = PullRequestId.From(7), Status = PreviewStatus.Ready, Domain = "d.example", Lifetime = Lifetime }.Render(Now), StringComparison.Ordinal);

    [Fact]
    public void ATeardownListsWhatWasRemovedAndWhatIsLeft()
    {
        var text = new PreviewComment
        {
            PullRequest = PullRequestId.From(7),
            Status = PreviewStatus.TeardownIncomplete,
            Domain = "d.example",
            Reason = "The PR was closed",
            Removed = [new("database", "preview_pr7"), new("role", "preview_pr7")],
            Remaining = [new("vhost", "pr7")],
        }.Render(Now);
        Assert.Contains("teardown incomplete", text, StringComparison.Ordinal);
        Assert.Contains("| database | `preview_pr7` |", text, StringComparison.Ordinal);
        Assert.Contains("| **still there**: vhost | `pr7` |", text, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
    }
}
