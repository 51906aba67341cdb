using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PreviewAspire.Naming;
using PreviewAspire.Router.Forwarding;

namespace PreviewAspire.Router.FastPath;

/// <summary>
/// What the fast path's event loops share with the rest of the router: where each host's replica is, the activity record,
/// the replica timeout, and the messages of <see cref="PreviewForwardingMiddleware"/>.
/// </summary>
internal sealed partial class FastPathRouting(
    IPreviewDestinations destinations,
    PreviewActivity activity,
    IOptions<RouterOptions> options,
    ILogger<FastPathRouting> logger)
{
    // Kestrel's hosting creates a span per request when this source is listened to; such requests go through Kestrel, so
    // the trace continues through the router's span as it does on the other paths.
    private readonly ActivitySource _hosting = new("Microsoft.AspNetCore");
    private readonly string _domain = PreviewDomain.Normalize(options.Value.Domain);

    // Destinations live as long as their route table; each gets its target (the routing context as bytes) once.
    private readonly ConditionalWeakTable<PreviewDestination, FastPathTarget> _targets = [];

    /// <summary>How long a replica may stay silent mid-request, in milliseconds.</summary>
    public long ReplicaTimeoutMs { get; } = Math.Max(1, options.Value.ReplicaTimeoutSeconds) * 1000L;

    /// <summary>The replica the fast path forwards a request for <paramref name="host"/> to, or null when Kestrel should serve it.</summary>
    /// <param name="host">The request's <c>Host</c> value, printable ASCII.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public FastPathTarget? Find(ReadOnlySpan<byte> host)
    {
        // Longer than any DNS name: Kestrel answers it.
        if (host.Length > 255 || _hosting.HasListeners())
        {
            return null;
        }

        Span<char> chars = stackalloc char[host.Length];
        System.Text.Ascii.ToUtf16(host, chars, out _);
        if (!PreviewDomain.TryParseHost(chars, _domain, out var pullRequest, out var surface, out var baseline))
        {
            return null;
        }

        var found = destinations.FindAsync(pullRequest, surface, CancellationToken.None);
        if (!found.IsCompletedSuccessfully || found.Result is not { Sleeping: false, WakesWhenUnreachable: false } destination)
        {
            return null;
        }

        if (!_targets.TryGetValue(destination, out var target))
        {
            // Once per destination: a replica named by host (not an address) is Kestrel's, and is asked about every time.
            if (UpstreamPools.AddressOf(destination.Prefix) is not { } address)
            {
                return null;
            }

            var created = new FastPathTarget(
                address, destination.Baggage is { } baggage ? System.Text.Encoding.ASCII.GetBytes(baggage) : null,
                pullRequest, surface, baseline, new string(chars));
            target = _targets.GetValue(destination, _ => created);
        }

        if (destination.Activity is { } cell)
        {
            activity.Touch(cell);
        }

        return target;
    }

    /// <summary>Logs a failed forwarding, as the forwarding middleware does.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding {Host} to {Destination} failed: {Error}")]
    public partial void LogForwardingFailed(string host, System.Net.IPEndPoint destination, string error);

    /// <summary>Logs what made an event loop close a connection it could not go on serving.</summary>
    [LoggerMessage(Level = LogLevel.Error, Message = "The router's fast path closed a connection after an unexpected failure")]
    public partial void LogLoopFailed(Exception exception);
}

/// <summary>A request's replica, routing context and preview, as <see cref="FastPathRouting.Find"/> found them.</summary>
internal sealed record FastPathTarget(System.Net.IPEndPoint EndPoint, byte[]? Baggage, PullRequestId PullRequest, PreviewSurface Surface, bool Baseline, string Host)
{
    /// <summary>The 502 message when the replica did not answer, as the forwarding middleware words it.</summary>
    public string DidNotAnswer(string error) => ReplicaMessages.DidNotAnswer(Surface, PullRequest, Baseline, error);
}
