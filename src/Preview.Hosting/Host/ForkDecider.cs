using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// Turns a <see cref="ForkRequest"/> into a <see cref="ForkPlan"/> against the host's model: its services, the projects
/// they are built from and the data they share. Without a baseline every PR forks everything.
/// </summary>
internal sealed class ForkDecider(IReadOnlyList<PreviewServiceInfo> services, bool hasBaseline)
{

    /// <summary>The plan for <paramref name="request"/>; throws <see cref="PreviewUsageException"/> with one line when it cannot be followed.</summary>
    public ForkPlan Decide(ForkRequest request)
    {
        if (request.Fork is null && request.Changed is null)
        {
            return ForkPlanner.Everything(services);
        }

        if (!hasBaseline)
        {
            throw new PreviewUsageException(
                "This host runs without a baseline (--baseline false), so every PR forks every service; leave out --fork and --changed-from, or restart the host with the baseline.");
        }

        if (request.Fork is { } fork)
        {
            return ForkPlanner.Explicit(services, fork);
        }

        // Asked of git only when a request needs it: the work tree that holds the host's projects.
        string root;
        try
        {
            root = GitChangedFiles.RepositoryRoot(Path.GetDirectoryName(services[0].ProjectPath)!);
        }
        catch (ChangedFilesException ex)
        {
            throw new PreviewUsageException($"--changed-from: the host's projects cannot be mapped to the changed files ({ex.Message}); name the services with --fork instead.");
        }

        return ForkPlanner.FromChangedFiles(services, root, request.Changed!.Files);
    }
}
