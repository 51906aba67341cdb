using PreviewAspire.Hosting;
using PreviewAspire.Kubernetes;
using PreviewAspire.Kubernetes.Manifest;

namespace PreviewAspire.AppHost;

/// <summary>
/// What <c>--fork</c>, <c>--changed-from</c>, <c>--baseline</c> and <c>--pr main</c> mean when publishing, checked before
/// anything is written: the forks the Kubernetes generator applies to each PR's overlay.
/// </summary>
internal static class PublishedForks
{
    /// <summary>
    /// The services named with <c>--fork</c> (null: every service). Throws <see cref="ManifestInputException"/>, in one
    /// line, for a combination publishing cannot honour or a name that is not a service of the model's previews.
    /// </summary>
    public static IReadOnlyList<string>? Of(PreviewOptions options, IDistributedApplicationBuilder builder)
    {
        if (options.ChangedFrom is not null)
        {
            throw new ManifestInputException("--changed-from is not applied when publishing yet; name the forks with --fork (see docs/kubernetes.md).");
        }

        if (!options.Baseline && (options.Fork is not null || options.PublishBaseline))
        {
            throw new ManifestInputException("--baseline false: there is no baseline, every PR forks every service; drop --fork (or --pr main).");
        }

        if (options.Fork is { } fork && options.PullRequests.Count > 0)
        {
            ForkSet.CheckNames(fork, builder.Resources.OfType<PreviewResource>().SelectMany(p => p.Services.Keys));
        }

        return options.Fork;
    }
}
