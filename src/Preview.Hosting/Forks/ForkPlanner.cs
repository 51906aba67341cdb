namespace PreviewAspire.Hosting;

// TEMPORARY stand-in until the forks branch merges (same signatures).
/// <summary>Decides which services a PR forks.</summary>
public static class ForkPlanner
{
    /// <summary>Every service.</summary>
    public static ForkPlan Everything(IReadOnlyList<PreviewServiceInfo> services) =>
        ForkPlan.For(services, services.Select(s => s.Name).ToHashSet(), ["no --fork or --changed-from → everything"]);

    /// <summary>The named services and those sharing data with them.</summary>
    public static ForkPlan Explicit(IReadOnlyList<PreviewServiceInfo> services, IReadOnlyList<string> names)
    {
        var unknown = names.FirstOrDefault(n => services.All(s => s.Name != n));
        if (unknown is not null)
        {
            throw new PreviewUsageException($"--fork: '{unknown}' is not a service of this model; expected some of {string.Join(", ", services.Select(s => s.Name))}.");
        }

        var forked = names.ToHashSet();
        foreach (var service in services.Where(s => forked.Any(f => services.First(x => x.Name == f).DataSurfaces.Intersect(s.DataSurfaces).Any())))
        {
            forked.Add(service.Name);
        }

        return ForkPlan.For(services, forked, [$"--fork {string.Join(",", names)}"]);
    }

    /// <summary>From changed files.</summary>
    public static ForkPlan FromChangedFiles(IReadOnlyList<PreviewServiceInfo> services, string repositoryRoot, IReadOnlyList<string> changedFiles) => Everything(services);
}
