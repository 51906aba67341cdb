using PreviewAspire.Provisioning;
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
        if (!options.Baseline && (options.Fork is not null || options.ChangedFrom is not null || options.PublishBaseline))
        {
            throw new ManifestInputException("--baseline false: there is no baseline, every PR forks every service; drop --fork (or --pr main).");
        }

        if (options.Fork is { } fork && options.PullRequests.Count > 0)
        {
            ForkSet.CheckNames(fork, builder.Resources.OfType<PreviewResource>().SelectMany(p => p.Services.Keys));
        }

        return options.ChangedFrom is { } from ? FromChangedFiles(from, builder) : options.Fork;
    }

    // The same decision as the host's: the diff of this checkout against the ref, mapped through the project graph.
    private static IReadOnlyList<string>? FromChangedFiles(string from, IDistributedApplicationBuilder builder)
    {
        var preview = builder.Resources.OfType<PreviewResource>().FirstOrDefault(p => p.Services.Count > 0)
            ?? throw new ManifestInputException("--changed-from decides what a PR forks; name the PR with --pr <number>.");
        ForkPlan plan;
        try
        {
            var checkout = builder.AppHostDirectory;
            plan = ForkPlanner.FromChangedFiles(PreviewServiceInfo.Of(preview), GitChangedFiles.RepositoryRoot(checkout), GitChangedFiles.Read(checkout, from));
        }
        catch (Exception ex) when (ex is ChangedFilesException or PreviewUsageException)
        {
            throw new ManifestInputException($"--changed-from: {ex.Message}");
        }

        Console.WriteLine($"--changed-from {from}: {plan.Summary}");
        foreach (var reason in plan.Reasons)
        {
            Console.WriteLine($"  {reason}");
        }

        return plan.ForksEverything ? null : plan.Services;
    }
}
