using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests.Lifecycle;

/// <summary>Sleep after the idle time since the last request; wake on a request made while asleep; awake time adds up.</summary>
public sealed class SleepPlannerTests
{
    private static readonly DateTimeOffset Woke = new(2025, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private static PreviewLifetime Awake() => PreviewLifetime.FromAnnotations(new Dictionary<string, string>
    {
        [PreviewNames.IdleAfterAnnotation] = "30m",
        [PreviewNames.AwakeSinceAnnotation] = LifecycleTime.ToText(Woke),
        [PreviewNames.AwakeSecondsAnnotation] = "600",
    });

    [Fact]
    public void AnAwakePreviewWithoutRequestsSleepsOnceIdleSinceItWoke()
    {
        Assert.Equal(SleepAction.None, SleepPlanner.Decide(Awake(), null, Woke.AddMinutes(29)));
        Assert.Equal(SleepAction.Sleep, SleepPlanner.Decide(Awake(), null, Woke.AddMinutes(30)));
    }

    [Fact]
    public void ARecentRequestKeepsItAwake()
    {
        var lastRequest = Woke.AddMinutes(20);
        Assert.Equal(SleepAction.None, SleepPlanner.Decide(Awake(), lastRequest, Woke.AddMinutes(45)));
        Assert.Equal(SleepAction.Sleep, SleepPlanner.Decide(Awake(), lastRequest, Woke.AddMinutes(50)));
        Assert.Equal(Woke.AddMinutes(50), Awake().SleepsAt(lastRequest));
    }

    [Fact]
    public void ARequestFromBeforeItWokeDoesNotCount() =>
        Assert.Equal(SleepAction.Sleep, SleepPlanner.Decide(Awake(), Woke.AddHours(-5), Woke.AddMinutes(30)));

    [Fact]
    public void SleepingRecordsAwakeTimeAndWakingStartsANewPeriod()
    {
        var asleepAt = Woke.AddMinutes(30);
        var asleep = Apply(Awake(), Awake().Sleep(asleepAt));
        Assert.True(asleep.IsAsleep);
        Assert.Equal(TimeSpan.FromMinutes(40), asleep.AwakeAt(asleepAt.AddDays(1)));
        Assert.Equal(SleepAction.None, SleepPlanner.Decide(asleep, Woke.AddMinutes(10), asleepAt.AddHours(3)));
        Assert.Equal(SleepAction.Wake, SleepPlanner.Decide(asleep, asleepAt.AddHours(3), asleepAt.AddHours(3)));

        var wokeAgain = asleepAt.AddHours(3);
        var awake = Apply(asleep, PreviewLifetime.Wake(wokeAgain));
        Assert.False(awake.IsAsleep);
        Assert.Equal(TimeSpan.FromMinutes(45), awake.AwakeAt(wokeAgain.AddMinutes(5)));
    }

    [Fact]
    public void APlanScalesIdlePreviewsToZeroAndRequestedOnesBackToOne()
    {
        var asleep = Apply(Awake(), Awake().Sleep(Woke.AddMinutes(30)));
        var previews = new Dictionary<PullRequestId, PreviewLifetime>
        {
            [PullRequestId.From(1)] = Awake(), // idle since it woke: sleeps
            [PullRequestId.From(2)] = Awake(), // a request 10 minutes ago: stays
            [PullRequestId.From(3)] = asleep,  // a request after it slept: wakes
            [PullRequestId.From(4)] = asleep,  // no request: stays asleep
        };
        var now = Woke.AddHours(2);
        var lastRequests = new Dictionary<PullRequestId, DateTimeOffset>
        {
            [PullRequestId.From(2)] = now.AddMinutes(-10),
            [PullRequestId.From(3)] = now.AddSeconds(-3),
        };
        var plan = SleepPlanner.Plan(previews, lastRequests, now);
        Assert.Equal([(1, SleepAction.Sleep, 0), (3, SleepAction.Wake, 1)], plan.Select(c => (c.PullRequest.Value, c.Action, c.Replicas)));
        Assert.Equal(LifecycleTime.ToText(now), plan[0].Annotations[PreviewNames.AsleepSinceAnnotation]);
        Assert.Equal(LifecycleTime.ToText(now), plan[1].Annotations[PreviewNames.AwakeSinceAnnotation]);
    }

    private static PreviewLifetime Apply(PreviewLifetime lifetime, IReadOnlyDictionary<string, string?> changes)
    {
        var annotations = new Dictionary<string, string>
        {
            [PreviewNames.IdleAfterAnnotation] = PreviewDuration.Format(lifetime.IdleAfter),
            [PreviewNames.AwakeSecondsAnnotation] = ((long)lifetime.AwakeBefore.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (lifetime.AwakeSince is { } since)
        {
            annotations[PreviewNames.AwakeSinceAnnotation] = LifecycleTime.ToText(since);
        }

        if (lifetime.AsleepSince is { } asleep)
        {
            annotations[PreviewNames.AsleepSinceAnnotation] = LifecycleTime.ToText(asleep);
        }

        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                annotations.Remove(key);
            }
            else
            {
                annotations[key] = value;
            }
        }

        return PreviewLifetime.FromAnnotations(annotations);
    }
}
