using PreviewAspire.Naming;

namespace PreviewAspire.Lifecycle;

/// <summary>What to do with a preview's workloads now.</summary>
public enum SleepAction
{
    /// <summary>Leave it as it is.</summary>
    None,

    /// <summary>Scale its workloads to zero (its data stays on the engines).</summary>
    Sleep,

    /// <summary>Scale its workloads back up: a request came in while it slept.</summary>
    Wake,
}

/// <summary>One change the waker makes to a preview: scale its workloads and write its namespace annotations.</summary>
/// <param name="PullRequest">The preview's PR.</param>
/// <param name="Action">Sleep or wake.</param>
/// <param name="Replicas">The replicas its Deployments get: 0 asleep, 1 awake.</param>
/// <param name="Annotations">The namespace annotations to write (a null value removes one).</param>
public sealed record SleepChange(PullRequestId PullRequest, SleepAction Action, int Replicas, IReadOnlyDictionary<string, string?> Annotations);

/// <summary>Decides sleep and wake from the last request the router saw for a preview.</summary>
public static class SleepPlanner
{
    /// <summary>
    /// An awake preview sleeps once <see cref="PreviewLifetime.IdleAfter"/> has passed since its last request (or since it
    /// woke, when that is later); a sleeping preview wakes when the router saw a request after it fell asleep.
    /// </summary>
    public static SleepAction Decide(PreviewLifetime lifetime, DateTimeOffset? lastRequest, DateTimeOffset now) => lifetime switch
    {
        { AsleepSince: { } asleep } => lastRequest > asleep ? SleepAction.Wake : SleepAction.None,
        _ when lifetime.SleepsAt(lastRequest) is { } sleepsAt && now >= sleepsAt => SleepAction.Sleep,
        _ => SleepAction.None,
    };

    /// <summary>
    /// The changes for every preview at <paramref name="now"/>, from the router's last request per PR
    /// (<paramref name="lastRequests"/>; a PR the router has not seen has none).
    /// </summary>
    public static IReadOnlyList<SleepChange> Plan(
        IReadOnlyDictionary<PullRequestId, PreviewLifetime> previews, IReadOnlyDictionary<PullRequestId, DateTimeOffset> lastRequests, DateTimeOffset now) =>
        [.. previews.OrderBy(p => p.Key).Select(p => (p.Key, p.Value, Action: Decide(p.Value, lastRequests.TryGetValue(p.Key, out var last) ? last : null, now)))
            .Where(p => p.Action != SleepAction.None)
            .Select(p => p.Action == SleepAction.Sleep
                ? new SleepChange(p.Key, SleepAction.Sleep, 0, p.Value.Sleep(now))
                : new SleepChange(p.Key, SleepAction.Wake, 1, PreviewLifetime.Wake(now)))];
}
