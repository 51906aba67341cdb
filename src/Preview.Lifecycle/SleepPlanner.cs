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
}
