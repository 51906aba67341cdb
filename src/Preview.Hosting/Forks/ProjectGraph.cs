namespace PreviewAspire.Hosting;

/// <summary>
/// The projects the model's services build with, each with the services that build with it: the service's own project
/// and everything it references, transitively.
/// </summary>
internal sealed class ProjectGraph
{
    private readonly Dictionary<string, SortedSet<string>> _servicesByProject;

    private ProjectGraph(Dictionary<string, SortedSet<string>> servicesByProject, IReadOnlyList<string> services)
    {
        _servicesByProject = servicesByProject;
        AllServices = services;
    }

    /// <summary>The names of every service of the model.</summary>
    public IReadOnlyList<string> AllServices { get; }

    /// <summary>The absolute paths of every project some service builds with.</summary>
    public IEnumerable<string> Projects => _servicesByProject.Keys;

    /// <summary>Follows the project references of every service's project, reading each project file once.</summary>
    public static ProjectGraph Read(IReadOnlyList<PreviewServiceInfo> services)
    {
        var servicesByProject = new Dictionary<string, SortedSet<string>>(RepositoryPaths.Comparer);
        var references = new Dictionary<string, IReadOnlyList<string>>(RepositoryPaths.Comparer);
        foreach (var service in services)
        {
            var pending = new Stack<string>([RepositoryPaths.Canonical(service.ProjectPath)]);
            while (pending.TryPop(out var project))
            {
                if (!servicesByProject.TryGetValue(project, out var users))
                {
                    servicesByProject[project] = users = new SortedSet<string>(StringComparer.Ordinal);
                }

                if (!users.Add(service.Name))
                {
                    continue;
                }

                if (!references.TryGetValue(project, out var direct))
                {
                    references[project] = direct = ProjectReferences.Of(project);
                }

                foreach (var reference in direct)
                {
                    pending.Push(RepositoryPaths.Canonical(reference));
                }
            }
        }

        return new ProjectGraph(servicesByProject, services.Select(s => s.Name).ToArray());
    }

    /// <summary>
    /// The services that build with <paramref name="projectPath"/> (a canonical path: see <see cref="RepositoryPaths.Canonical"/>);
    /// none for a project no service references.
    /// </summary>
    public IReadOnlySet<string> ServicesBuildingWith(string projectPath) =>
        _servicesByProject.TryGetValue(projectPath, out var services) ? services : new SortedSet<string>(StringComparer.Ordinal);
}
