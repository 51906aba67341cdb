using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>Finds where one preview surface is served. Lookups cost the same however many previews exist.</summary>
public interface IPreviewDestinations
{
    /// <summary>False until the router knows which previews exist (local mode: before the first route table arrives).</summary>
    bool IsReady { get; }

    /// <summary>The surface's destination, or null when that preview (or surface) is not served here.</summary>
    ValueTask<PreviewDestination?> FindAsync(PullRequestId pullRequest, PreviewSurface surface, CancellationToken cancellationToken);
}
