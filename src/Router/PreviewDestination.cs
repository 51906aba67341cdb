namespace PreviewAspire.Router;

/// <summary>
/// One surface of one preview (or of the baseline), resolved: where to forward, with which routing context, and whose
/// activity a request counts toward. Built once per route table (or per cluster lookup), never per request.
/// </summary>
public sealed class PreviewDestination
{
    /// <summary>Creates a destination; the forwarding transformer for <paramref name="baggage"/> is built here, once.</summary>
    /// <param name="prefix">The destination base URL as the forwarder takes it (for example <c>http://127.0.0.1:41001/</c>).</param>
    /// <param name="activity">The preview's activity cell, shared by its surfaces; null for the baseline, whose requests are no PR's activity.</param>
    /// <param name="baggage">
    /// The whole <c>baggage</c> header the forwarded request carries (<c>preview.pr=42</c>, see
    /// <see cref="Naming.PreviewRoutingContext.Format"/>), or null for none (the baseline's hosts).
    /// </param>
    /// <param name="sleeping">The preview sleeps: requests are recorded and answered with the wake-up page, not forwarded.</param>
    /// <param name="wakesWhenUnreachable">
    /// A destination that does not accept connections is asleep (cluster mode: its Deployments are scaled to zero), so the
    /// caller gets the wake-up page rather than a 502.
    /// </param>
    public PreviewDestination(string prefix, ActivityCell? activity, string? baggage = null, bool sleeping = false, bool wakesWhenUnreachable = false)
    {
        Prefix = prefix;
        Activity = activity;
        Baggage = baggage;
        Sleeping = sleeping;
        WakesWhenUnreachable = wakesWhenUnreachable;
        Transformer = ForwardedHeadersTransformer.For(baggage);
    }

    /// <summary>The destination base URL as the forwarder takes it.</summary>
    public string Prefix { get; }

    /// <summary>The preview's activity cell, or null for the baseline.</summary>
    public ActivityCell? Activity { get; }

    /// <summary>The <c>baggage</c> header value set on the forwarded request, or null: the request is forwarded with no <c>baggage</c> at all.</summary>
    public string? Baggage { get; }

    /// <summary>True while the preview sleeps.</summary>
    public bool Sleeping { get; }

    /// <summary>True when a refused or timed-out connection means the preview sleeps (answered 503 with the wake-up page).</summary>
    public bool WakesWhenUnreachable { get; }

    /// <summary>The transformer that forwards requests to this destination with <see cref="Baggage"/>.</summary>
    public ForwardedHeadersTransformer Transformer { get; }
}
