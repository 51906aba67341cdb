using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>The router's settings, bound from configuration section <c>Router</c> (and <c>Preview:Domain</c>).</summary>
public sealed record RouterOptions
{
    /// <summary>The preview domain; hosts are <c>pr&lt;id&gt;.&lt;domain&gt;</c> and <c>pr&lt;id&gt;-api.&lt;domain&gt;</c>.</summary>
    public string Domain { get; set; } = PreviewNames.DefaultDomain;

    /// <summary>The port preview traffic arrives on; other ports only serve the router's own health endpoints. 0 means every port proxies.</summary>
    public int PublicPort { get; set; }

    /// <summary>How destinations are found: <c>local</c> (service discovery configuration) or <c>cluster</c> (Kubernetes naming convention).</summary>
    public string Mode { get; set; } = "local";

    /// <summary>In cluster mode, the port of each preview's frontend and API Services.</summary>
    public int ClusterServicePort { get; set; } = 80;

    /// <summary>In cluster mode, the DNS suffix of Services (the cluster domain).</summary>
    public string ClusterDomain { get; set; } = "svc.cluster.local";
}
