using System.Text.Json;
using PreviewAspire.Naming;

namespace PreviewAspire.Provisioner;

/// <summary>
/// What a teardown removed, confirmed by reading the engines back afterwards: the surfaces found before, and any still
/// there after. Printed as one line starting with <see cref="Marker"/> so the workflow can find it in the Job's log.
/// </summary>
/// <param name="PullRequest">The PR torn down.</param>
/// <param name="Removed">What existed before and is gone now.</param>
/// <param name="Remaining">What is still on the engines after the teardown; empty when it succeeded.</param>
public sealed record TeardownReceipt(int PullRequest, IReadOnlyList<EngineSurface> Removed, IReadOnlyList<EngineSurface> Remaining)
{
    /// <summary>The prefix of the receipt's log line.</summary>
    public const string Marker = "preview-aspire-receipt: ";

    /// <summary>True when nothing of the PR is left.</summary>
    public bool Confirmed => Remaining.Count == 0;

    /// <summary>Compares the surfaces before and after a teardown.</summary>
    public static TeardownReceipt Compare(PullRequestId pullRequest, IReadOnlyList<EngineSurface> before, IReadOnlyList<EngineSurface> after) =>
        new(pullRequest.Value, [.. before.Where(s => !after.Contains(s))], after);

    /// <summary>The receipt's log line.</summary>
    public string ToLogLine() => Marker + JsonSerializer.Serialize(new
    {
        pullRequest = PullRequest,
        confirmed = Confirmed,
        removed = Removed.Select(s => new { kind = s.Kind, name = s.Name }),
        remaining = Remaining.Select(s => new { kind = s.Kind, name = s.Name }),
    });
}
