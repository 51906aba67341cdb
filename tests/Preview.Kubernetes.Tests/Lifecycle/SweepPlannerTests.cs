using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests.Lifecycle;

/// <summary>The sweep removes only what it can prove is done with.</summary>
public sealed class SweepPlannerTests
{
    private static readonly PullRequestId Pr = PullRequestId.From(7);
    private static readonly DateTimeOffset Now = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("OPEN", PullRequestState.Open)]
    [InlineData("CLOSED\n", PullRequestState.Closed)]
    [InlineData("merged", PullRequestState.Merged)]
    [InlineData("", PullRequestState.Unknown)]
    [InlineData(null, PullRequestState.Unknown)]
    [InlineData("HTTP 502: Bad Gateway", PullRequestState.Unknown)]
    public void ReadsTheStateOrCallsItUnknown(string? text, PullRequestState expected) => Assert.Equal(expected, SweepPlanner.ParseState(text));

    [Fact]
    public void AnOpenPullRequestBeforeExpiryIsKept() =>
        Assert.False(SweepPlanner.Decide(Pr, PullRequestState.Open, Now.AddHours(1), Now).TearDown);

    [Fact]
    public void AnOpenPullRequestPastExpiryIsRemoved()
    {
        var decision = SweepPlanner.Decide(Pr, PullRequestState.Open, Now.AddSeconds(-1), Now);
        Assert.True(decision.TearDown);
        Assert.Equal("the preview expired at 2025-01-31T23:59:59Z", decision.Reason);
    }

    [Theory]
    [InlineData(PullRequestState.Closed)]
    [InlineData(PullRequestState.Merged)]
    public void AClosedOrMergedPullRequestIsRemoved(PullRequestState state) =>
        Assert.True(SweepPlanner.Decide(Pr, state, Now.AddDays(3), Now).TearDown);

    [Fact]
    public void AnUnknownStateIsKeptEvenWhenExpired()
    {
        var decision = SweepPlanner.Decide(Pr, PullRequestState.Unknown, Now.AddDays(-3), Now);
        Assert.False(decision.TearDown);
        Assert.StartsWith("kept: the PR's state could not be read", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOpenPullRequestWithoutExpiryIsKept() =>
        Assert.False(SweepPlanner.Decide(Pr, PullRequestState.Open, null, Now).TearDown);

    [Fact]
    public void LeftoversAreEngineSurfacesWithoutANamespace()
    {
        var onEngines = new[] { 3, 7, 9, 9, 12 }.Select(PullRequestId.From);
        var namespaces = new[] { 7, 8 }.Select(PullRequestId.From);
        Assert.Equal([3, 9, 12], SweepPlanner.Leftovers(onEngines, namespaces).Select(p => p.Value));
    }

    [Fact]
    public void APlanTearsDownClosedExpiredAndLeftoversAndReportsUnknowns()
    {
        var namespaces = new Dictionary<PullRequestId, DateTimeOffset?>
        {
            [PullRequestId.From(1)] = Now.AddDays(1),  // open, fresh: kept
            [PullRequestId.From(2)] = Now.AddDays(-1), // open, expired
            [PullRequestId.From(3)] = Now.AddDays(1),  // closed
            [PullRequestId.From(4)] = Now.AddDays(-1), // state unreadable: kept though expired
            [PullRequestId.From(5)] = Now.AddDays(1),  // no state at all: unknown
        };
        var states = new Dictionary<PullRequestId, PullRequestState>
        {
            [PullRequestId.From(1)] = PullRequestState.Open,
            [PullRequestId.From(2)] = PullRequestState.Open,
            [PullRequestId.From(3)] = PullRequestState.Closed,
            [PullRequestId.From(4)] = PullRequestState.Unknown,
        };
        var plan = SweepPlanner.Plan(namespaces, states, new[] { 1, 3, 6 }.Select(PullRequestId.From), Now);
        Assert.Equal([2, 3, 6], plan.TearDown.Select(d => d.PullRequest.Value));
        Assert.Equal([4, 5], plan.Unknown.Select(d => d.PullRequest.Value));
    }
}
