using System.Globalization;
using PreviewAspire.Naming;

namespace PreviewAspire.Lifecycle;

/// <summary>
/// A preview's lifecycle as its namespace annotations record it: when it expires, how long it may idle, whether it is
/// awake, how long it has been awake and what it requests. Reading is lenient (a missing annotation is null); every
/// change returns the annotations to write.
/// </summary>
public sealed record PreviewLifetime
{
    /// <summary>When the sweep may remove the preview; null when unknown.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>How long the preview may go without a request before it sleeps.</summary>
    public TimeSpan IdleAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>When the current awake period began; null while asleep.</summary>
    public DateTimeOffset? AwakeSince { get; init; }

    /// <summary>When the preview was put to sleep; null while awake.</summary>
    public DateTimeOffset? AsleepSince { get; init; }

    /// <summary>Awake time of earlier, finished periods.</summary>
    public TimeSpan AwakeBefore { get; init; }

    /// <summary>What the preview requests while awake.</summary>
    public ResourceRequests Requests { get; init; } = ResourceRequests.None;

    /// <summary>True while the preview is scaled to zero.</summary>
    public bool IsAsleep => AsleepSince is not null;

    /// <summary>Reads the annotations of a preview namespace.</summary>
    public static PreviewLifetime FromAnnotations(IReadOnlyDictionary<string, string> annotations)
    {
        string? Get(string key) => annotations.TryGetValue(key, out var value) ? value : null;
        return new PreviewLifetime
        {
            ExpiresAt = LifecycleTime.Parse(Get(PreviewNames.ExpiresAtAnnotation)),
            IdleAfter = PreviewDuration.TryParse(Get(PreviewNames.IdleAfterAnnotation), out var idle) ? idle : TimeSpan.FromMinutes(30),
            AwakeSince = LifecycleTime.Parse(Get(PreviewNames.AwakeSinceAnnotation)),
            AsleepSince = LifecycleTime.Parse(Get(PreviewNames.AsleepSinceAnnotation)),
            AwakeBefore = long.TryParse(Get(PreviewNames.AwakeSecondsAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.Zero,
            Requests = Get(PreviewNames.RequestsCpuAnnotation) is { } cpu && Get(PreviewNames.RequestsMemoryAnnotation) is { } memory
                ? ResourceRequests.Parse(cpu, memory)
                : ResourceRequests.None,
        };
    }

    /// <summary>Total awake time at <paramref name="now"/>: earlier periods plus the current one, if any.</summary>
    public TimeSpan AwakeAt(DateTimeOffset now) =>
        AwakeBefore + (AwakeSince is { } since && now > since ? now - since : TimeSpan.Zero);

    /// <summary>When an awake preview will sleep if no request comes after <paramref name="lastRequest"/>; null while asleep.</summary>
    public DateTimeOffset? SleepsAt(DateTimeOffset? lastRequest) =>
        AwakeSince is { } since ? Max(since, lastRequest) + IdleAfter : null;

    /// <summary>What it costs so far at <paramref name="prices"/>.</summary>
    public PreviewCost CostAt(DateTimeOffset now, PreviewPrices prices) => new(Requests, AwakeAt(now), prices);

    /// <summary>The annotations that put the preview to sleep at <paramref name="now"/> (a null value removes the annotation).</summary>
    public IReadOnlyDictionary<string, string?> Sleep(DateTimeOffset now) => new SortedDictionary<string, string?>(StringComparer.Ordinal)
    {
        [PreviewNames.AwakeSecondsAnnotation] = ((long)AwakeAt(now).TotalSeconds).ToString(CultureInfo.InvariantCulture),
        [PreviewNames.AwakeSinceAnnotation] = null,
        [PreviewNames.AsleepSinceAnnotation] = LifecycleTime.ToText(now),
    };

    /// <summary>The annotations that record the preview awake from <paramref name="now"/>.</summary>
    public static IReadOnlyDictionary<string, string?> Wake(DateTimeOffset now) => new SortedDictionary<string, string?>(StringComparer.Ordinal)
    {
        [PreviewNames.AwakeSinceAnnotation] = LifecycleTime.ToText(now),
        [PreviewNames.AsleepSinceAnnotation] = null,
    };

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset? b) => b is { } other && other > a ? other : a;
}
