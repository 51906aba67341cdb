using OpenTelemetry;
using OpenTelemetry.Logs;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// Adds the <c>PreviewPullRequest</c> attribute to every log record written for a PR: the routing context of the work
/// (in a fork or in the baseline), else the fork's own PR. The baseline's own work carries none.
/// </summary>
internal sealed class PreviewLogEnricher(PreviewContext preview) : BaseProcessor<LogRecord>
{
    /// <summary>The log attribute that carries the PR number.</summary>
    public const string AttributeName = "PreviewPullRequest";

    public override void OnEnd(LogRecord data)
    {
        if ((RoutingScope.Current ?? preview.PullRequest) is not { } pullRequest)
        {
            return;
        }

        var attribute = new KeyValuePair<string, object?>(AttributeName, pullRequest.Value);
        var existing = data.Attributes;
        if (existing is null || existing.Count == 0)
        {
            data.Attributes = [attribute];
            return;
        }

        var enriched = new List<KeyValuePair<string, object?>>(existing.Count + 1);
        enriched.AddRange(existing);
        enriched.Add(attribute);
        data.Attributes = enriched;
    }
}
