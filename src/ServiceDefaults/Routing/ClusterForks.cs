using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PreviewAspire.Naming;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// In a Kubernetes cluster, where no router publishes a mesh: PR 42's fork of service <c>api</c> is Service <c>api</c> in
/// namespace <c>preview-pr42</c> when that name resolves (the same convention the cluster router follows). Answers are
/// cached for a few seconds, so a call costs a DNS lookup at most once per PR, service and interval.
/// </summary>
internal sealed class ClusterForks(string clusterDomain, int servicePort, TimeProvider time)
{
    /// <summary>The configuration key of the cluster's DNS suffix; Kubernetes pods default to <c>svc.cluster.local</c>.</summary>
    public const string ClusterDomainKey = "Preview:ClusterDomain";

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(int, string), (Uri? Target, DateTimeOffset CheckedAt)> _known = new();

    /// <summary>The fork's address, or false when PR <paramref name="pullRequest"/> does not fork <paramref name="service"/>.</summary>
    public bool TryResolve(PullRequestId pullRequest, string service, out Uri target)
    {
        var now = time.GetUtcNow();
        if (!_known.TryGetValue((pullRequest.Value, service), out var entry) || now - entry.CheckedAt > CacheFor)
        {
            var host = $"{service}.{pullRequest.Names.Namespace}.{clusterDomain}";
            entry = (PreviewDomain.IsDnsLabel(service) && Resolves(host) ? new Uri($"http://{host}:{servicePort}/") : null, now);
            _known[(pullRequest.Value, service)] = entry;
        }

        target = entry.Target!;
        return entry.Target is not null;
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
