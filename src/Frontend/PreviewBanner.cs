using PreviewAspire.Naming;
using PreviewAspire.ServiceDefaults;

namespace PreviewAspire.Frontend;

/// <summary>What the page says about the preview it shows: which PR (or the baseline), which of its services are forks, and who served the page.</summary>
/// <param name="PullRequest">The PR the request was meant for; null on the baseline's own host.</param>
/// <param name="Forks">The services that PR forks; the rest come from the baseline.</param>
/// <param name="ServedByFork">True when this page comes from the PR's own fork of the frontend, false when from the baseline's.</param>
public sealed record PreviewBanner(PullRequestId? PullRequest, IReadOnlyList<string> Forks, bool ServedByFork)
{
    /// <summary>The banner of the request being handled.</summary>
    public static PreviewBanner Current(PreviewContext preview, ServiceMesh mesh)
    {
        var pullRequest = RoutingScope.Current ?? preview.PullRequest;
        return new PreviewBanner(pullRequest, pullRequest is { } pr ? mesh.ForksOf(pr) : [], !preview.IsBaseline);
    }

    /// <summary>The page title's subject: <c>PR 42</c>, or <c>main (baseline)</c>.</summary>
    public string Subject => PullRequest is { } pr ? $"PR {pr}" : "main (baseline)";

    /// <summary>One line on what is forked, for the banner.</summary>
    public string Composition => PullRequest is null
        ? "Every service here is the baseline, built from main."
        : Forks.Count == 0
            ? "No service is forked: everything comes from the baseline."
            : $"Forked for this PR: {string.Join(", ", Forks)}; everything else comes from the baseline. This page was served by {(ServedByFork ? "the PR's frontend fork" : "the baseline frontend")}.";
}
