using System.Diagnostics;
using PreviewAspire.Naming;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// The routing context of the work running now: the PR a request (or a message) was meant for, as the router set it in
/// the <c>baggage</c> header. It flows with async calls like <see cref="Activity.Current"/>, and is independent of
/// whether tracing samples the work. Work that continues a W3C trace context (a message consumed in an activity made from
/// its <c>traceparent</c> and <c>baggage</c> headers) is in the routing context that baggage carries.
/// </summary>
public static class RoutingScope
{
    private static readonly AsyncLocal<PullRequestId?> CurrentValue = new();

    /// <summary>The PR the current work was routed for; null when it carries no routing context.</summary>
    public static PullRequestId? Current => CurrentValue.Value ?? FromActivity();

    private static PullRequestId? FromActivity() =>
        Activity.Current?.GetBaggageItem(PreviewRoutingContext.BaggageKey) is { } value
            && PullRequestId.TryParse(value, out var pullRequest, out _) ? pullRequest : null;

    /// <summary>
    /// Runs what follows in <paramref name="pullRequest"/>'s routing context until the result is disposed: outgoing calls
    /// carry it and go to the PR's forks; spans and logs name it. A null PR clears the context.
    /// </summary>
    public static IDisposable Enter(PullRequestId? pullRequest)
    {
        var previous = CurrentValue.Value;
        CurrentValue.Value = pullRequest;
        if (pullRequest is { } pr && Activity.Current is { } activity)
        {
            activity.SetBaggage(PreviewRoutingContext.BaggageKey, pr.ToString());
            activity.SetTag(PreviewRoutingContext.TelemetryAttribute, pr.Value);
        }

        return new Restore(previous);
    }

    /// <summary>Enters the routing context a <c>baggage</c> header value carries (none when it carries none).</summary>
    public static IDisposable EnterFromBaggage(string? baggage) => Enter(PreviewRoutingContext.Read(baggage));

    /// <summary>The <c>baggage</c> header value that carries the current routing context on, or null when there is none.</summary>
    public static string? CurrentBaggage() => Current is { } pr ? PreviewRoutingContext.Format(pr) : null;

    private sealed class Restore(PullRequestId? previous) : IDisposable
    {
        public void Dispose() => CurrentValue.Value = previous;
    }
}
