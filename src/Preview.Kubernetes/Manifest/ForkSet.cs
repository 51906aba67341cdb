using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Manifest;

/// <summary>
/// The services of a preview its overlay runs (its forks), derived from the Aspire manifest alone. The services asked for
/// are closed over shared data: services whose environment refers to the same data surface of the preview (a resource of
/// the preview with a connection string and no process: its database, Redis user, RabbitMQ virtual host) fork together.
/// Everything else the forks call is the baseline's, in <see cref="PreviewNames.Baseline"/>'s namespace.
/// </summary>
public sealed class ForkSet
{
    private readonly HashSet<string> _services;

    private ForkSet(IEnumerable<string> services, bool isChosen, bool ownsData, IEnumerable<string> baselineServices, IEnumerable<string> baselineCallers)
    {
        _services = new HashSet<string>(services, StringComparer.Ordinal);
        Services = [.. _services.Order(StringComparer.Ordinal)];
        IsChosen = isChosen;
        OwnsData = ownsData;
        BaselineServices = [.. baselineServices.Order(StringComparer.Ordinal)];
        BaselineCallers = [.. baselineCallers.Order(StringComparer.Ordinal)];
    }

    /// <summary>The forked services by their object name in the preview's namespace (<c>api</c>), in ordinal order.</summary>
    public IReadOnlyList<string> Services { get; }

    /// <summary>True when the forks were chosen (<c>--fork</c>); false when the preview forks every service, as without a baseline.</summary>
    public bool IsChosen { get; }

    /// <summary>True when a fork uses a data surface: only then does the preview get its own credentials and data surfaces.</summary>
    public bool OwnsData { get; }

    /// <summary>The services the forks call that are not forked: they are reached at the baseline's Services, in ordinal order.</summary>
    public IReadOnlyList<string> BaselineServices { get; }

    /// <summary>
    /// The services the PR does not fork that call its forks: the baseline's, which reach the PR's fork when they handle a
    /// request in the PR's routing context (the baseline frontend calling a forked API), in ordinal order.
    /// </summary>
    public IReadOnlyList<string> BaselineCallers { get; }

    /// <summary>True when the service named <paramref name="service"/> (object name) is forked.</summary>
    public bool Contains(string service) => _services.Contains(service);

    /// <summary>
    /// Resolves <paramref name="requested"/> (service names as in <c>--fork</c>; null for every service) against the
    /// preview's services in <paramref name="manifest"/>. Throws <see cref="ManifestInputException"/> for a name that is
    /// not one of them, or for a chosen set on the baseline, which runs every service.
    /// </summary>
    public static ForkSet Resolve(AspireManifest manifest, PreviewNames names, IReadOnlyList<string>? requested)
    {
        var services = manifest.Resources
            .Where(r => r.Type == AspireResourceTypes.Project && r.Name != names.Provisioner && names.TryGetService(r.Name, out _))
            .ToDictionary(r => Short(names, r.Name), r => ManifestReferences.Of(r).Where(n => names.TryGetService(n, out _) && manifest.Contains(n)).ToList(), StringComparer.Ordinal);
        var surfaces = services.ToDictionary(s => s.Key, s => s.Value.Where(n => IsDataSurface(manifest[n])).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var calls = services.ToDictionary(s => s.Key, s => s.Value.Where(n => manifest[n].Type == AspireResourceTypes.Project).Select(n => Short(names, n)).ToList(), StringComparer.Ordinal);
        if (requested is null)
        {
            return new ForkSet(services.Keys, isChosen: false, surfaces.Values.Any(s => s.Count > 0), [], []);
        }

        if (names.IsBaseline)
        {
            throw new ManifestInputException("--fork: the baseline runs every service; publish it without --fork.");
        }

        CheckNames(requested, services.Keys);

        var forks = new HashSet<string>(requested, StringComparer.Ordinal);
        for (var grew = true; grew;)
        {
            var sharing = services.Keys.Where(s => !forks.Contains(s) && forks.Any(f => surfaces[f].Overlaps(surfaces[s]))).ToList();
            forks.UnionWith(sharing);
            grew = sharing.Count > 0;
        }

        return new ForkSet(
            forks,
            isChosen: true,
            forks.Any(f => surfaces[f].Count > 0),
            forks.SelectMany(f => calls[f]).Where(c => !forks.Contains(c)).Distinct(StringComparer.Ordinal),
            services.Keys.Where(s => !forks.Contains(s) && calls[s].Any(forks.Contains)));
    }

    /// <summary>
    /// Throws <see cref="ManifestInputException"/>, in one line, when a name in <paramref name="requested"/> is not one of
    /// <paramref name="services"/> (the model's service names: <c>api</c>, <c>worker</c>, <c>frontend</c>).
    /// </summary>
    public static void CheckNames(IEnumerable<string> requested, IEnumerable<string> services)
    {
        var known = services.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (requested.FirstOrDefault(r => !known.Contains(r, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ManifestInputException($"--fork: '{unknown}' is not a service of the model; expected one or more of {string.Join(", ", known)}.");
        }
    }

    private static bool IsDataSurface(AspireResource resource) => !resource.IsWorkload && resource.ConnectionString is not null;

    private static string Short(PreviewNames names, string resourceName) =>
        names.TryGetService(resourceName, out var service) ? service : resourceName;
}
