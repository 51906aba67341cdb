using System.Collections.Frozen;
using System.Text.Json.Serialization;
using PreviewAspire.Naming;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// Where each service runs, as the router publishes it at <c>GET /mesh</c>: the baseline's services and each PR's forks,
/// by service-discovery name. Replaced whole on every change; lookups take no lock. In a cluster (no mesh) a PR's fork
/// is found by namespace convention instead, and the baseline is the service's own configuration.
/// </summary>
public sealed class ServiceMesh
{
    private volatile Snapshot _current = Snapshot.Empty;

    /// <summary>An empty mesh, filled by the router's <c>GET /mesh</c>.</summary>
    public ServiceMesh()
    {
    }

    internal ServiceMesh(ClusterForks cluster) => Cluster = cluster;

    private ClusterForks? Cluster { get; }

    /// <summary>The version of the table in force; 0 before the first one arrived.</summary>
    public long Version => _current.Version;

    /// <summary>True once a table arrived: calls are then routed by it rather than by the service's static configuration.</summary>
    public bool IsKnown => _current.Version > 0;

    /// <summary>
    /// Where a call to service <paramref name="service"/> made in <paramref name="pullRequest"/>'s routing context goes:
    /// the PR's fork of it when there is one, else the baseline's. False when the table names neither (the service's
    /// own configuration then decides).
    /// </summary>
    public bool TryResolve(PullRequestId pullRequest, string service, out Uri target)
    {
        var snapshot = _current;
        if (snapshot.Forks.TryGetValue(pullRequest.Value, out var forks) && forks.TryGetValue(service, out target!))
        {
            return true;
        }

        return snapshot.Baseline.TryGetValue(service, out target!) || Cluster?.TryResolve(pullRequest, service, out target) == true;
    }

    /// <summary>The services PR <paramref name="pullRequest"/> forks, by name, in order; empty when it forks none or is unknown.</summary>
    public IReadOnlyList<string> ForksOf(PullRequestId pullRequest) =>
        _current.Forks.TryGetValue(pullRequest.Value, out var forks) ? [.. forks.Keys.Order(StringComparer.Ordinal)] : [];

    /// <summary>Replaces the table with <paramref name="document"/>.</summary>
    public void Replace(ServiceMeshDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var forks = new Dictionary<int, FrozenDictionary<string, Uri>>();
        foreach (var (key, services) in document.Forks ?? new Dictionary<string, Dictionary<string, Uri>>())
        {
            if (PullRequestId.TryParse(key, out var pullRequest, out _))
            {
                forks[pullRequest.Value] = (services ?? []).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
            }
        }

        _current = new Snapshot(document.Version, (document.Baseline ?? []).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), forks.ToFrozenDictionary());
    }

    private sealed record Snapshot(long Version, FrozenDictionary<string, Uri> Baseline, FrozenDictionary<int, FrozenDictionary<string, Uri>> Forks)
    {
        public static readonly Snapshot Empty = new(0, FrozenDictionary<string, Uri>.Empty, FrozenDictionary<int, FrozenDictionary<string, Uri>>.Empty);
    }
}

/// <summary>The router's <c>GET /mesh</c> answer: <c>{"version":3,"baseline":{"api":"http://…/"},"forks":{"42":{"api":"http://…/"}}}</c>.</summary>
/// <param name="Version">Increases with every route table the router accepts.</param>
/// <param name="Baseline">The baseline's HTTP services by service-discovery name.</param>
/// <param name="Forks">Each PR's forked HTTP services, by PR number.</param>
public sealed record ServiceMeshDocument(
    long Version,
    Dictionary<string, Uri>? Baseline,
    Dictionary<string, Dictionary<string, Uri>>? Forks);

/// <summary>Source-generated JSON for <see cref="ServiceMeshDocument"/> (web defaults).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ServiceMeshDocument))]
internal sealed partial class ServiceMeshJson : JsonSerializerContext;
