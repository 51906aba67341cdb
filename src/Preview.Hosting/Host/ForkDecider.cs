using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// Turns a <see cref="ForkRequest"/> into a <see cref="ForkPlan"/> against the host's model: its services, the projects
/// they are built from and the data they share. Without a baseline every PR forks everything.
/// </summary>
internal sealed class ForkDecider(IReadOnlyList<PreviewServiceInfo> services, bool hasBaseline, string? repositoryRoot)
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

        var root = repositoryRoot ?? throw new PreviewUsageException(
            "--changed-from: the host's projects are not in a git repository, so changed files cannot be mapped to services; name the services with --fork instead.");
        return ForkPlanner.FromChangedFiles(services, root, request.Changed!.Files);
    }

    /// <summary>The git work tree that holds <paramref name="services"/>' projects (where a <c>.git</c> is), or null.</summary>
    public static string? RepositoryRootOf(IReadOnlyList<PreviewServiceInfo> services)
    {
        for (var directory = services.Select(s => Path.GetDirectoryName(s.ProjectPath)).FirstOrDefault(); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.Exists(Path.Combine(directory, ".git")) || File.Exists(Path.Combine(directory, ".git")))
            {
                return directory;
            }
        }

        return null;
    }
}
