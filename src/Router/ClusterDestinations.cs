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
public sealed class ClusterDestinations(IOptions<RouterOptions> options, TimeProvider time, PreviewActivity activity) : IPreviewDestinations
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(int, PreviewSurface), Entry> _known = new();

    /// <inheritdoc />
    public bool IsReady => true;

    /// <inheritdoc />
    public async ValueTask<PreviewDestination?> FindAsync(PullRequestId pullRequest, PreviewSurface surface, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_known.TryGetValue((pullRequest.Value, surface), out var entry) || now - entry.CheckedAt > CacheFor)
        {
            var service = surface == PreviewSurface.Api ? "api" : "frontend";
            var host = $"{service}.{pullRequest.Names.Namespace}.{options.Value.ClusterDomain}";
            var exists = await ResolvesAsync(host, cancellationToken).ConfigureAwait(false);
            entry = new Entry(exists ? new PreviewDestination($"http://{host}:{options.Value.ClusterServicePort}/", activity.CellFor(pullRequest)) : null, now);
            _known[(pullRequest.Value, surface)] = entry;
        }

        return entry.Destination;
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

    private sealed record Entry(PreviewDestination? Destination, DateTimeOffset CheckedAt);
}
