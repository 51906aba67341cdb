using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PreviewAspire.Naming;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// In a Kubernetes cluster, where no router publishes a mesh: PR 42's fork of service <c>api</c> is Service <c>api</c> in
/// namespace <c>preview-pr42</c> when that name resolves (the same convention the cluster router follows). Answers are
/// cached for a few seconds, so a call costs a DNS lookup at most once per PR, service and interval. The cache holds at
/// most <see cref="Capacity"/> answers: PR ids come from the caller's routing context, so made-up ones must not grow it.
/// </summary>
internal sealed class ClusterForks(string clusterDomain, int servicePort, TimeProvider time, Func<string, bool>? resolves = null)
{
    /// <summary>The most answers kept (both surfaces of 5,000 PRs); beyond it, expired ones go, then all.</summary>
    public const int Capacity = 10_000;

    /// <summary>The configuration key of the cluster's DNS suffix; Kubernetes pods default to <c>svc.cluster.local</c>.</summary>
    public const string ClusterDomainKey = "Preview:ClusterDomain";

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(int, string), (Uri? Target, DateTimeOffset CheckedAt)> _known = new();
    private readonly Func<string, bool> _resolves = resolves ?? Resolves;
    private int _count;

    /// <summary>How many answers are cached (tests).</summary>
    public int CachedAnswers => Volatile.Read(ref _count);

    /// <summary>The fork's address, or false when PR <paramref name="pullRequest"/> does not fork <paramref name="service"/>.</summary>
    public bool TryResolve(PullRequestId pullRequest, string service, out Uri target)
    {
        var now = time.GetUtcNow();
        var key = (pullRequest.Value, service);
        if (!_known.TryGetValue(key, out var entry) || now - entry.CheckedAt > CacheFor)
        {
            var host = $"{service}.{pullRequest.Names.Namespace}.{clusterDomain}";
            entry = (PreviewDomain.IsDnsLabel(service) && _resolves(host) ? new Uri($"http://{host}:{servicePort}/") : null, now);
            if (!_known.TryAdd(key, entry))
            {
                _known[key] = entry;
            }
            else if (Interlocked.Increment(ref _count) > Capacity)
            {
                Trim(now);
            }
        }

        target = entry.Target!;
        return entry.Target is not null;
    }

    // Drops expired answers; when all are fresh (a flood of made-up PRs within seconds), drops them all.
    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, entry) in _known)
        {
            if (now - entry.CheckedAt > CacheFor && _known.TryRemove(key, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        if (Volatile.Read(ref _count) > Capacity)
        {
            _known.Clear();
            Volatile.Write(ref _count, 0);
        }
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
