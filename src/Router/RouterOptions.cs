using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>The router's settings, bound from configuration section <c>Router</c> (and <c>Preview:Domain</c>).</summary>
public sealed record RouterOptions
{
    /// <summary>The preview domain; hosts are <c>pr&lt;id&gt;.&lt;domain&gt;</c> and <c>pr&lt;id&gt;-api.&lt;domain&gt;</c>.</summary>
    public string Domain { get; set; } = PreviewNames.DefaultDomain;

    /// <summary>
    /// The port preview traffic arrives on; it only proxies. Other ports (the management port) serve the router's health
    /// and control endpoints. 0 means every port proxies, and nothing else is served.
    /// </summary>
    public int PublicPort { get; set; }

    /// <summary>How destinations are found: <c>local</c> (the route table) or <c>cluster</c> (Kubernetes naming convention).</summary>
    public string Mode { get; set; } = "local";

    /// <summary>
    /// The bearer token the host presents to <c>PUT /routes</c>, <c>GET /routes</c> and <c>GET /activity</c> on the management port.
    /// Empty: those endpoints are not mapped.
    /// </summary>
    public string ControlToken { get; set; } = "";

    /// <summary>Optional file holding a <see cref="RouteTable"/> as JSON, loaded at start and whenever it changes (standalone runs, benchmarks).</summary>
    public string? RoutesFile { get; set; }

    /// <summary>How long <c>GET /mesh?after=N</c> waits for a new route table before it answers with the same version.</summary>
    public int MeshWaitSeconds { get; set; } = 25;

    /// <summary>
    /// Forwards plain requests (HTTP/1.x, no body, no upgrade) to replicas at IP addresses over the router's own pooled
    /// connections instead of YARP's (<c>Forwarding/DirectForwarder</c>); false sends everything through YARP.
    /// </summary>
    public bool DirectForwarding { get; set; } = true;

    /// <summary>
    /// On Linux (x86-64), the public port's plain requests (HTTP/1.1, no body, no upgrade, a known host at an IP address) are
    /// forwarded by the router's own epoll event loops before Kestrel sees them (<c>FastPath/</c>); everything else reaches
    /// Kestrel untouched. False: Kestrel serves every connection.
    /// </summary>
    public bool FastPath { get; set; } = true;

    /// <summary>How many event loops the fast path runs; 0 (the default) means two per core.</summary>
    public int FastPathLoops { get; set; }

    /// <summary>
    /// How long a replica may stay silent in the middle of a request (no byte of its answer) before the request fails
    /// with a 502, on either forwarding path; YARP's default activity timeout.
    /// </summary>
    public int ReplicaTimeoutSeconds { get; set; } = 100;

    /// <summary>In cluster mode, the port of each preview's frontend and API Services.</summary>
    public int ClusterServicePort { get; set; } = 80;

    /// <summary>In cluster mode, the DNS suffix of Services (the cluster domain).</summary>
    public string ClusterDomain { get; set; } = "svc.cluster.local";
}
