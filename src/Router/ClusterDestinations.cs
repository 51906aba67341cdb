using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>
/// Cluster mode: a preview's surfaces are the Services <c>frontend</c> and <c>api</c> in namespace <c>preview-pr&lt;id&gt;</c>
/// by naming convention, so no registry is kept. A preview exists while its Service name resolves; answers are cached briefly.
/// </summary>
public sealed class ClusterDestinations(IOptions<RouterOptions> options, TimeProvider time) : IPreviewDestinations
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (bool Exists, DateTimeOffset CheckedAt)> _known = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask<Uri?> FindAsync(PullRequestId pullRequest, PreviewSurface surface, CancellationToken cancellationToken)
    {
        var names = pullRequest.Names;
        var service = surface == PreviewSurface.Api ? "api" : "frontend";
        var host = $"{service}.{names.Namespace}.{options.Value.ClusterDomain}";
        var now = time.GetUtcNow();
        if (!_known.TryGetValue(host, out var entry) || now - entry.CheckedAt > CacheFor)
        {
            entry = (await ResolvesAsync(host, cancellationToken).ConfigureAwait(false), now);
            _known[host] = entry;
        }

        return entry.Exists ? new Uri($"http://{host}:{options.Value.ClusterServicePort}/") : null;
    }

    private static async Task<bool> ResolvesAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return (await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false)).Length > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
