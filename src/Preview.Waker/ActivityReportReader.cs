using System.Text.Json;
using PreviewAspire.Naming;

namespace PreviewAspire.Waker;

/// <summary>
/// Reads the router's activity report, the body of its <c>GET /activity</c>:
/// <c>{"previews":[{"pullRequest":7,"lastRequest":"2025-01-31T12:00:00Z"},{"pullRequest":8,"lastRequest":null}]}</c>
/// (src/Router, <c>ActivityReport</c>). A preview with no request since the router started has no entry in the result.
/// </summary>
public static class ActivityReportReader
{
    /// <summary>The last request per PR; throws <see cref="JsonException"/> when <paramref name="json"/> is not such a report.</summary>
    public static IReadOnlyDictionary<PullRequestId, DateTimeOffset> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("previews", out var previews) || previews.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The router's activity report has no 'previews' array.");
        }

        var lastRequests = new Dictionary<PullRequestId, DateTimeOffset>();
        foreach (var entry in previews.EnumerateArray())
        {
            if (entry.TryGetProperty("pullRequest", out var number) && number.TryGetInt32(out var value) &&
                PullRequestId.TryParse(value.ToString(System.Globalization.CultureInfo.InvariantCulture), out var pr, out _) &&
                entry.TryGetProperty("lastRequest", out var last) && last.ValueKind == JsonValueKind.String && last.TryGetDateTimeOffset(out var at))
            {
                lastRequests[pr] = at.ToUniversalTime();
            }
        }

        return lastRequests;
    }
}
