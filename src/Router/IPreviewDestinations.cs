using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>Finds where one preview surface is served. Lookups cost the same however many previews exist.</summary>
public interface IPreviewDestinations
{
    /// <summary>The base address of the surface, or null when that preview is not up.</summary>
    ValueTask<Uri?> FindAsync(PullRequestId pullRequest, PreviewSurface surface, CancellationToken cancellationToken);
}
