using PreviewAspire.Naming;

namespace PreviewAspire.Lifecycle;

/// <summary>A pull request's state as the hosting service reports it; <see cref="Unknown"/> when it could not be read.</summary>
public enum PullRequestState
{
    /// <summary>The state could not be read (an API error, a timeout, an unexpected answer).</summary>
    Unknown,

    /// <summary>Open.</summary>
    Open,

    /// <summary>Closed without merging.</summary>
    Closed,

    /// <summary>Merged.</summary>
    Merged,
}

/// <summary>The sweep's verdict on one preview.</summary>
/// <param name="PullRequest">The preview's PR.</param>
/// <param name="TearDown">True to remove it now.</param>
/// <param name="Reason">Why, for the log and the PR comment.</param>
public sealed record SweepDecision(PullRequestId PullRequest, bool TearDown, string Reason);

/// <summary>Everything one sweep run decided.</summary>
/// <param name="Decisions">One decision per preview namespace, ordered by PR.</param>
/// <param name="Leftovers">PRs with surfaces on the engines and no namespace; their surfaces are removed.</param>
public sealed record SweepPlan(IReadOnlyList<SweepDecision> Decisions, IReadOnlyList<PullRequestId> Leftovers)
{
    /// <summary>What to tear down: decided previews first, then leftovers, each with its reason.</summary>
    public IEnumerable<SweepDecision> TearDown =>
        Decisions.Where(d => d.TearDown).Concat(Leftovers.Select(pr => new SweepDecision(pr, true, "its data surfaces were left on the engines without a namespace")));

    /// <summary>Previews kept because their PR's state could not be read: reported, never removed.</summary>
    public IEnumerable<SweepDecision> Unknown => Decisions.Where(d => !d.TearDown && d.Reason.StartsWith(UnknownReason, StringComparison.Ordinal));

    internal const string UnknownReason = "kept: the PR's state could not be read";
}

/// <summary>The sweep's rules: never remove what it cannot prove is done with.</summary>
public static class SweepPlanner
{
    /// <summary>Reads <c>gh pr view --json state</c> output (<c>OPEN</c>, <c>CLOSED</c>, <c>MERGED</c>); anything else is <see cref="PullRequestState.Unknown"/>.</summary>
    public static PullRequestState ParseState(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "OPEN" => PullRequestState.Open,
        "CLOSED" => PullRequestState.Closed,
        "MERGED" => PullRequestState.Merged,
        _ => PullRequestState.Unknown,
    };

    /// <summary>
    /// A closed or merged PR's preview goes; an open PR's goes once expired; a PR whose state is unknown is kept and
    /// reported, whatever its expiry, since an outage must not tear previews down.
    /// </summary>
    public static SweepDecision Decide(PullRequestId pullRequest, PullRequestState state, DateTimeOffset? expiresAt, DateTimeOffset now) => state switch
    {
        PullRequestState.Unknown => new(pullRequest, false, SweepPlan.UnknownReason),
        PullRequestState.Closed => new(pullRequest, true, "the PR is closed"),
        PullRequestState.Merged => new(pullRequest, true, "the PR is merged"),
        _ when expiresAt is { } expiry && expiry <= now => new(pullRequest, true, $"the preview expired at {LifecycleTime.ToText(expiry)}"),
        _ when expiresAt is null => new(pullRequest, false, "kept: open, no expiry recorded"),
        _ => new(pullRequest, false, $"kept: open, expires at {LifecycleTime.ToText(expiresAt!.Value)}"),
    };

    /// <summary>
    /// The whole sweep: a decision for each preview namespace (its expiry and its PR's state; a PR missing from
    /// <paramref name="states"/> is unknown) and the engine leftovers.
    /// </summary>
    public static SweepPlan Plan(
        IReadOnlyDictionary<PullRequestId, DateTimeOffset?> namespaces, IReadOnlyDictionary<PullRequestId, PullRequestState> states, IEnumerable<PullRequestId> onEngines, DateTimeOffset now) =>
        new(
            [.. namespaces.OrderBy(n => n.Key).Select(n => Decide(n.Key, states.GetValueOrDefault(n.Key, PullRequestState.Unknown), n.Value, now))],
            Leftovers(onEngines, namespaces.Keys));

    /// <summary>PRs that still hold surfaces on the engines but have no namespace any more: teardown's leftovers, ordered.</summary>
    public static IReadOnlyList<PullRequestId> Leftovers(IEnumerable<PullRequestId> onEngines, IEnumerable<PullRequestId> withNamespace)
    {
        var live = withNamespace.ToHashSet();
        return [.. onEngines.Where(pr => !live.Contains(pr)).Distinct().Order()];
    }
}
