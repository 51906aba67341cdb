namespace PreviewAspire.Hosting;

/// <summary>
/// Decides which services of the model a PR forks: everything, the services it names, or those its diff touches
/// through the project graph. Services that share a data surface always fork together.
/// </summary>
public static class ForkPlanner
{
    /// <summary>Forks every service: what a PR gets when it names no services and no ref to diff against.</summary>
    public static ForkPlan Everything(IReadOnlyList<PreviewServiceInfo> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return ForkPlan.For(services, services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal), ["no --fork or --changed-from → everything"]);
    }

    /// <summary>
    /// Forks the services named (as with <c>--fork frontend,api</c>, matched ignoring case) and those sharing data with them.
    /// </summary>
    /// <exception cref="PreviewUsageException">A name is not a service of the model, or no name is given.</exception>
    public static ForkPlan Explicit(IReadOnlyList<PreviewServiceInfo> services, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(names);
        var known = services.Select(s => s.Name).ToArray();
        var requested = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToArray();
        var list = string.Join(", ", known.Order(StringComparer.Ordinal));
        if (requested.Length == 0)
        {
            throw new PreviewUsageException($"--fork names no service; name one or more of the model's services: {list}.");
        }

        var unknown = requested.Where(n => !known.Contains(n, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (unknown.Length > 0)
        {
            var quoted = string.Join(", ", unknown.Select(n => $"'{n}'"));
            var which = unknown.Length == 1 ? "which is not a service" : "which are not services";
            throw new PreviewUsageException($"--fork names {quoted}, {which} of the model; its services are {list}.");
        }

        var chosen = requested.Select(n => known.First(k => k.Equals(n, StringComparison.OrdinalIgnoreCase))).Distinct(StringComparer.Ordinal).ToArray();
        var forked = chosen.ToHashSet(StringComparer.Ordinal);
        var reasons = new List<string> { "--fork " + string.Join(",", chosen) };
        DataClosure.Apply(services, forked, reasons);
        return ForkPlan.For(services, forked, reasons);
    }

    /// <summary>
    /// Forks the services a change touches: each file maps to the project whose folder holds it (the deepest, as the files
    /// stand on disk), and a project to every service that builds with it; a build input such as <c>Directory.Build.props</c>
    /// maps to every project below its folder. Files in no project, or in projects no service builds with, fork nothing.
    /// </summary>
    /// <param name="services">The services of the model.</param>
    /// <param name="repositoryRoot">The absolute path of the repository's working tree.</param>
    /// <param name="changedFiles">The changed files relative to <paramref name="repositoryRoot"/>, '/'-separated, as git prints them.</param>
    public static ForkPlan FromChangedFiles(IReadOnlyList<PreviewServiceInfo> services, string repositoryRoot, IReadOnlyList<string> changedFiles)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(repositoryRoot);
        ArgumentNullException.ThrowIfNull(changedFiles);
        var graph = ProjectGraph.Read(services);
        var mapper = new ChangedFileMapper(repositoryRoot, graph);
        var forked = new HashSet<string>(StringComparer.Ordinal);
        var reasons = new List<string>();
        if (changedFiles.Count == 0)
        {
            reasons.Add("no changed files → nothing");
        }

        var impacts = changedFiles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(file => (File: file, Impact: mapper.Map(file)));
        foreach (var group in impacts.GroupBy(f => f.Impact.SharesCause ? f.Impact.Cause : "\0" + f.File, StringComparer.Ordinal))
        {
            var (file, impact) = group.First();
            var more = group.Count() > 1 ? $" (+{group.Count() - 1} more)" : string.Empty;
            forked.UnionWith(impact.Services);
            reasons.Add($"{file}{more} → {impact.Cause} → {Outcome(impact.Services, graph)}");
        }

        DataClosure.Apply(services, forked, reasons);
        return ForkPlan.For(services, forked, reasons);
    }

    private static string Outcome(IReadOnlySet<string> services, ProjectGraph graph) => services.Count switch
    {
        0 => "nothing",
        _ when services.Count == graph.AllServices.Count => "everything",
        _ => string.Join(", ", services),
    };
}
