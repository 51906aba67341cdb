using System.Net;
using System.Net.Sockets;
using PreviewAspire.Naming;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// In a Kubernetes cluster, where no router publishes a mesh: PR 42's fork of service <c>api</c> is Service <c>api</c> in
/// namespace <c>preview-pr42</c> when that name resolves (the same convention the cluster router follows). Answers are
/// cached for a few seconds, so a call costs a DNS lookup at most once per PR, service and interval. The cache holds at
/// most <see cref="Capacity"/> answers (<see cref="ExpiringCache{TKey, TValue}"/>, as the router's): PR ids come from the
/// caller's routing context, so made-up ones must not grow it.
/// </summary>
internal sealed class ClusterForks(string clusterDomain, int servicePort, TimeProvider time, Func<string, bool>? resolves = null)
{
    /// <summary>The configuration key of the cluster's DNS suffix; Kubernetes pods default to <c>svc.cluster.local</c>.</summary>
    public const string ClusterDomainKey = "Preview:ClusterDomain";

    /// <summary>The most answers kept (both surfaces of 5,000 PRs).</summary>
    public const int Capacity = 10_000;

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ExpiringCache<(int, string), Uri?> _known = new(time, CacheFor, Capacity);
    private readonly Func<string, bool> _resolves = resolves ?? Resolves;

    /// <summary>How many answers are cached (tests).</summary>
    public int CachedAnswers => _known.Count;

    /// <summary>The fork's address, or false when PR <paramref name="pullRequest"/> does not fork <paramref name="service"/>.</summary>
    public bool TryResolve(PullRequestId pullRequest, string service, out Uri target)
    {
        var key = (pullRequest.Value, service);
        if (!_known.TryGet(key, out var known))
        {
            var host = $"{service}.{pullRequest.Names.Namespace}.{clusterDomain}";
            known = PreviewDomain.IsDnsLabel(service) && _resolves(host) ? new Uri($"http://{host}:{servicePort}/") : null;
            _known.Set(key, known);
        }

        target = known!;
        return known is not null;
    }

    private static bool Resolves(string host)
    {
        try
        {
            return Dns.GetHostAddresses(host).Length > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
