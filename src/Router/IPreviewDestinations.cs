using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>Finds where one surface of a preview or of the baseline is served. Lookups cost the same however many previews exist.</summary>
public interface IPreviewDestinations
{
    /// <summary>False until the router knows which previews exist (local mode: before the first route table arrives).</summary>
    bool IsReady { get; }

    /// <summary>
    /// The surface's destination, or null when that preview (or surface) is not served here. <paramref name="pullRequest"/>
    /// is <c>default</c> (<see cref="PreviewNames.Baseline"/>'s <see cref="PreviewNames.Id"/>) for the baseline's hosts.
    /// A PR's destination carries its routing context, the baseline's none.
    /// </summary>
    ValueTask<PreviewDestination?> FindAsync(PullRequestId pullRequest, PreviewSurface surface, CancellationToken cancellationToken);
}
