using OpenTelemetry;
using OpenTelemetry.Logs;

namespace PreviewAspire.ServiceDefaults;

/// <summary>Adds the <c>PreviewPullRequest</c> attribute to every log record, so each line names its preview.</summary>
internal sealed class PreviewLogEnricher(PreviewContext preview) : BaseProcessor<LogRecord>
{
    /// <summary>The log attribute that carries the PR number.</summary>
    public const string AttributeName = "PreviewPullRequest";

    private readonly KeyValuePair<string, object?> attribute = new(AttributeName, preview.PullRequest.Value);

    public override void OnEnd(LogRecord data)
    {
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
