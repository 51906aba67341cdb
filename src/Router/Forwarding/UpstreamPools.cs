using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace PreviewAspire.Router.Forwarding;

/// <summary>
/// The router's upstreams by destination prefix, shared across route tables (a new table keeps the warm connections of
/// the replicas it still names), with one heartbeat for all: it times out silent replicas, drops connections whose client
/// went away, and closes connections and upstreams left idle.
/// </summary>
internal sealed class UpstreamPools : IDisposable
{
    /// <summary>How long a kept-alive connection may sit unused (SocketsHttpHandler's default).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Upstream> _byPrefix = new(StringComparer.Ordinal);
    private readonly long _replicaTimeout;
    private readonly Timer _heartbeat;

    /// <summary>Starts the heartbeat (once a second); a replica silent for <see cref="RouterOptions.ReplicaTimeoutSeconds"/> mid-request fails the request.</summary>
    public UpstreamPools(IOptions<RouterOptions> options)
    {
        _replicaTimeout = Math.Max(1, options.Value.ReplicaTimeoutSeconds) * 1000L;
        _heartbeat = new Timer(_ => Sweep(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The upstream for a destination <paramref name="prefix"/>, or null when the direct path does not serve it: only
    /// <c>http://&lt;IP address&gt;:&lt;port&gt;/</c> prefixes are (the local route table's); names to resolve, TLS and
    /// path prefixes go through YARP.
    /// </summary>
    public Upstream? For(string prefix)
    {
        if (_byPrefix.TryGetValue(prefix, out var upstream))
        {
            return upstream;
        }

        return AddressOf(prefix) is { } endPoint ? _byPrefix.GetOrAdd(prefix, _ => new Upstream(endPoint, InlineCompletions.Enabled)) : null;
    }

    /// <summary>
    /// The replica address of a destination <paramref name="prefix"/> of the form <c>http://&lt;IP address&gt;:&lt;port&gt;/</c>,
    /// or null for any other prefix (a host name, TLS, a path).
    /// </summary>
    public static IPEndPoint? AddressOf(string prefix) =>
        // A prefix naming a host (cluster Services) is refused without parsing it.
        prefix.Length >= 8 && prefix.StartsWith("http://", StringComparison.Ordinal) && (char.IsAsciiDigit(prefix[7]) || prefix[7] == '[') &&
        Uri.TryCreate(prefix, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.AbsolutePath == "/" &&
        string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo) && IPAddress.TryParse(uri.IdnHost, out var address)
            ? new IPEndPoint(address, uri.Port)
            : null;

    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var (prefix, upstream) in _byPrefix)
        {
            if (!upstream.Sweep(now, _replicaTimeout, (long)IdleTimeout.TotalMilliseconds))
            {
                _byPrefix.TryRemove(new(prefix, upstream));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _heartbeat.Dispose();
}
