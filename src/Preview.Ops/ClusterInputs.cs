using System.Text.Json;
using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;

namespace PreviewAspire.Ops;

/// <summary>Reads what the workflows collect with kubectl and gh into the lifecycle types.</summary>
internal static class ClusterInputs
{
    /// <summary>
    /// <c>kubectl get namespaces -l preview-aspire.io/pr -o json</c> (a list) or <c>kubectl get namespace X -o json</c>
    /// (one): each namespace's PR and lifecycle annotations. Namespaces with a malformed PR label are ignored.
    /// </summary>
    public static IReadOnlyDictionary<PullRequestId, PreviewLifetime> Namespaces(string json)
    {
        using var document = JsonDocument.Parse(json);
        var items = document.RootElement.TryGetProperty("items", out var list) ? list.EnumerateArray().ToList() : [document.RootElement];
        var result = new SortedDictionary<PullRequestId, PreviewLifetime>();
        foreach (var item in items)
        {
            var metadata = item.GetProperty("metadata");
            if (Strings(metadata, "labels").TryGetValue(PreviewNames.PullRequestLabel, out var label) && PullRequestId.TryParse(label, out var pr, out _))
            {
                result[pr] = PreviewLifetime.FromAnnotations(Strings(metadata, "annotations"));
            }
        }

        return result;
    }

    /// <summary>Lines <c>&lt;pr&gt; &lt;state&gt;</c> as the sweep writes them from <c>gh pr view</c>; an unreadable state stays unknown.</summary>
    public static IReadOnlyDictionary<PullRequestId, PullRequestState> States(string text)
    {
        var result = new Dictionary<PullRequestId, PullRequestState>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (PullRequestId.TryParse(parts[0], out var pr, out _))
            {
                result[pr] = SweepPlanner.ParseState(parts.ElementAtOrDefault(1));
            }
        }

        return result;
    }

    /// <summary>The PRs in an inventory (the provisioner's <c>inventory</c> JSON: <c>[{pullRequest, kind, name}]</c>).</summary>
    public static IReadOnlyList<PullRequestId> Inventory(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => PullRequestId.From(e.GetProperty("pullRequest").GetInt32())).Distinct()];
    }

    /// <summary>A teardown receipt (the provisioner's JSON: <c>{pullRequest, confirmed, removed, remaining}</c>).</summary>
    public static (IReadOnlyList<ReceiptLine> Removed, IReadOnlyList<ReceiptLine> Remaining) Receipt(string json)
    {
        using var document = JsonDocument.Parse(json);
        static List<ReceiptLine> Lines(JsonElement array) =>
            [.. array.EnumerateArray().Select(e => new ReceiptLine(e.GetProperty("kind").GetString()!, e.GetProperty("name").GetString()!))];
        return (Lines(document.RootElement.GetProperty("removed")), Lines(document.RootElement.GetProperty("remaining")));
    }

    private static Dictionary<string, string> Strings(JsonElement metadata, string property) =>
        metadata.TryGetProperty(property, out var map) && map.ValueKind == JsonValueKind.Object
            ? map.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
