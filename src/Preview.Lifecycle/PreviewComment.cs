using System.Text;
using PreviewAspire.Naming;

namespace PreviewAspire.Lifecycle;

/// <summary>What a preview's PR comment says about it.</summary>
public enum PreviewStatus
{
    /// <summary>Deployed and answering.</summary>
    Ready,

    /// <summary>The last deployment failed.</summary>
    Failed,

    /// <summary>Torn down.</summary>
    Removed,

    /// <summary>A teardown ran but something is left on the engines; the sweep retries.</summary>
    TeardownIncomplete,
}

/// <summary>A surface a teardown removed (or left), as the receipt lists it.</summary>
/// <param name="Kind">database, role, redis-user, vhost or rabbitmq-user.</param>
/// <param name="Name">Its name on the engine.</param>
public sealed record ReceiptLine(string Kind, string Name);

/// <summary>
/// The one comment a PR's preview keeps up to date (found again by <see cref="Marker"/>): its URLs, when it will sleep and
/// expire, its cost so far, and after a teardown the receipt of what was removed from the engines.
/// </summary>
public sealed record PreviewComment
{
    /// <summary>The hidden marker that finds the comment again.</summary>
    public const string Marker = "<!-- preview-aspire:status -->";

    /// <summary>The preview's PR.</summary>
    public required PullRequestId PullRequest { get; init; }

    /// <summary>What happened last.</summary>
    public required PreviewStatus Status { get; init; }

    /// <summary>The preview domain.</summary>
    public required string Domain { get; init; }

    /// <summary>The namespace's lifecycle annotations; null when the namespace was not read.</summary>
    public PreviewLifetime? Lifetime { get; init; }

    /// <summary>The configured prices; null when the team configured none (no cost line then).</summary>
    public PreviewPrices? Prices { get; init; }

    /// <summary>Why the preview was removed, for <see cref="PreviewStatus.Removed"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>What the teardown removed, read back from the engines.</summary>
    public IReadOnlyList<ReceiptLine> Removed { get; init; } = [];

    /// <summary>What the teardown left on the engines.</summary>
    public IReadOnlyList<ReceiptLine> Remaining { get; init; } = [];

    /// <summary>The head commit deployed.</summary>
    public string? HeadSha { get; init; }

    /// <summary>The workflow run that wrote the comment.</summary>
    public string? RunUrl { get; init; }

    /// <summary>The comment's Markdown at <paramref name="now"/>.</summary>
    public string Render(DateTimeOffset now)
    {
        var names = PullRequest.Names;
        var text = new StringBuilder().AppendLine(Marker);
        text.AppendLine($"### Preview for #{PullRequest}: {Headline()}");
        if (Status is PreviewStatus.Ready or PreviewStatus.Failed)
        {
            text.AppendLine().AppendLine("| | |").AppendLine("|---|---|");
            text.AppendLine($"| Frontend | https://{names.Host(PreviewSurface.Frontend, Domain)}/ |");
            text.AppendLine($"| API | https://{names.Host(PreviewSurface.Api, Domain)}/ |");
            if (HeadSha is not null)
            {
                text.AppendLine($"| Commit | {HeadSha} |");
            }

            text.AppendLine($"| Namespace | `{names.Namespace}` |");
            if (Lifetime is { } lifetime)
            {
                text.AppendLine($"| Sleeps | {SleepText(lifetime)} |");
                text.AppendLine($"| Expires | {(lifetime.ExpiresAt is { } expires ? LifecycleTime.ToText(expires) + " (each push extends it)" : "not recorded")} |");
                if (Prices is { } prices)
                {
                    text.AppendLine($"| Cost so far | {lifetime.CostAt(now, prices)} |");
                }
            }
        }

        if (Status is PreviewStatus.Removed or PreviewStatus.TeardownIncomplete)
        {
            if (Reason is not null)
            {
                text.AppendLine().AppendLine($"{Reason}.");
            }

            if (Lifetime is { } lifetime && Prices is { } prices)
            {
                text.AppendLine().AppendLine($"Final cost: {lifetime.CostAt(now, prices)}.");
            }

            text.AppendLine().AppendLine("Teardown receipt (read back from the engines after removal):").AppendLine();
            text.AppendLine("| removed | name |").AppendLine("|---|---|");
            foreach (var line in Removed)
            {
                text.AppendLine($"| {line.Kind} | `{line.Name}` |");
            }

            if (Removed.Count == 0)
            {
                text.AppendLine("| (nothing was left to remove) | |");
            }

            foreach (var line in Remaining)
            {
                text.AppendLine($"| **still there**: {line.Kind} | `{line.Name}` |");
            }
        }

        if (RunUrl is not null)
        {
            text.AppendLine().AppendLine($"[Workflow run]({RunUrl})");
        }

        return text.ToString();
    }

    private string Headline() => Status switch
    {
        PreviewStatus.Ready => "ready",
        PreviewStatus.Failed => "failed",
        PreviewStatus.Removed => "removed",
        _ => "teardown incomplete — the namespace is kept and the sweep retries",
    };

    private static string SleepText(PreviewLifetime lifetime) => lifetime.IsAsleep
        ? $"asleep since {LifecycleTime.ToText(lifetime.AsleepSince!.Value)}; the next request wakes it"
        : $"after {PreviewDuration.Format(lifetime.IdleAfter)} without a request" +
          (lifetime.SleepsAt(null) is { } at ? $" (at {LifecycleTime.ToText(at)} if none comes)" : string.Empty);
}
