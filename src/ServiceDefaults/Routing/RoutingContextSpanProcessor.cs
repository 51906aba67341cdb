using System.Diagnostics;
using OpenTelemetry;
using PreviewAspire.Naming;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// Tags every span started for a PR with <c>preview.pr</c> — the routing context of the work, else the fork's own PR —
/// so the dashboard can filter one PR's traces across forks and the baseline.
/// </summary>
internal sealed class RoutingContextSpanProcessor(PreviewContext preview) : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if ((RoutingScope.Current ?? preview.PullRequest) is { } pullRequest)
        {
            data.SetTag(PreviewRoutingContext.TelemetryAttribute, pullRequest.Value);
        }
    }

    public override void OnEnd(Activity data)
    {
        // A server span starts before the request's routing context is entered; it is tagged by then.
        if (data.GetTagItem(PreviewRoutingContext.TelemetryAttribute) is null && RoutingScope.Current is { } pullRequest)
        {
            data.SetTag(PreviewRoutingContext.TelemetryAttribute, pullRequest.Value);
        }
    }
}
