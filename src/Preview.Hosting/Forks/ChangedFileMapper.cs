namespace PreviewAspire.Hosting;

/// <summary>
/// Maps a changed file of the repository to the projects it builds into, using the files on disk, and from them to the
/// services that build with those projects.
/// </summary>
internal sealed class ChangedFileMapper(string repositoryRoot, ProjectGraph graph)
{
    /// <summary>Files every project below their folder builds with, wherever they stand.</summary>
    private static readonly HashSet<string> BuildInputs = new(StringComparer.OrdinalIgnoreCase)
    {
        "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config",
    };

    private static readonly IReadOnlySet<string> NoServices = new HashSet<string>();

    private readonly string _root = Path.TrimEndingDirectorySeparator(RepositoryPaths.Canonical(repositoryRoot));

    /// <summary>What <paramref name="file"/> (relative to the repository, '/'-separated) touches.</summary>
    public ChangedFileImpact Map(string file)
    {
        var path = RepositoryPaths.Combine(_root, file);
        var name = Path.GetFileName(path);
        if (BuildInputs.Contains(name))
        {
            return BuildInput(Path.GetDirectoryName(path)!);
        }

        var projects = name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) ? [path] : ProjectsContaining(path);
        if (projects.Count == 0)
        {
            return new ChangedFileImpact("in no project", NoServices, SharesCause: true);
        }

        var services = ServicesBuildingWith(projects);
        var cause = (projects.Count == 1 ? "project " : "projects ") + string.Join(", ", projects.Select(Path.GetFileNameWithoutExtension));
        cause += services.Count switch
        {
            0 => ", which no service builds with",
            _ when services.Count == graph.AllServices.Count => ", which every service builds with",
            _ => string.Empty,
        };
        return new ChangedFileImpact(cause, services, SharesCause: true);
    }

    /// <summary>A build input affects every project below its folder, and so every service that builds with one of them.</summary>
    private ChangedFileImpact BuildInput(string directory)
    {
        var projects = graph.Projects.Where(p => RepositoryPaths.IsUnder(p, directory)).Order(RepositoryPaths.Comparer).ToArray();
        var services = ServicesBuildingWith(projects);
        var cause = services.Count switch
        {
            0 => "no service builds with it",
            _ when services.Count == graph.AllServices.Count => "every service builds with it",
            _ => "builds " + string.Join(", ", projects.Select(Path.GetFileNameWithoutExtension)),
        };
        return new ChangedFileImpact(cause, services, SharesCause: false);
    }

    /// <summary>The projects of the deepest folder, from the file's own up to the repository root, that holds a project file.</summary>
    private List<string> ProjectsContaining(string path)
    {
        for (var directory = Path.GetDirectoryName(path); directory is not null && RepositoryPaths.IsUnder(directory, _root); directory = Path.GetDirectoryName(directory))
        {
            if (Directory.Exists(directory) && Directory.GetFiles(directory, "*.csproj") is { Length: > 0 } projects)
            {
                return [.. projects.Order(RepositoryPaths.Comparer)];
            }
        }

        return [];
    }

    private SortedSet<string> ServicesBuildingWith(IEnumerable<string> projects) =>
        new(projects.SelectMany(graph.ServicesBuildingWith), StringComparer.Ordinal);
}
