using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes;

/// <summary>The inputs of manifest generation besides the Aspire manifest itself. Equal options give byte-identical files.</summary>
public sealed record KubernetesGenerationOptions
{
    /// <summary>How long a preview lives after <see cref="CreatedAt"/> unless its PR updates it first.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromDays(7);

    /// <summary>How long a preview may go without a request before it is scaled to zero, unless configured.</summary>
    public static readonly TimeSpan DefaultIdle = TimeSpan.FromMinutes(30);

    /// <summary>The images CI pushed for the AppHost's projects.</summary>
    public ContainerImages Images { get; init; } = ContainerImages.Default;

    /// <summary>The PR head commit, recorded on the namespace; omitted when unknown.</summary>
    public string? HeadSha { get; init; }

    /// <summary>When these manifests were generated for; the clock is never read, so callers pass it (CI: the event time).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Time to live: the namespace's expires-at annotation is <see cref="CreatedAt"/> plus this.</summary>
    public TimeSpan Ttl { get; init; } = DefaultTtl;

    /// <summary>A preview with no request for this long is put to sleep (scaled to zero, data kept): the idle-after annotation.</summary>
    public TimeSpan Idle { get; init; } = DefaultIdle;

    /// <summary>The preview domain; hostnames are <c>pr&lt;id&gt;.&lt;domain&gt;</c> and <c>pr&lt;id&gt;-api.&lt;domain&gt;</c>.</summary>
    public string Domain { get; init; } = PreviewNames.DefaultDomain;

    /// <summary>
    /// The services a PR forks, as named with <c>--fork</c> (closed over shared data by <see cref="Manifest.ForkSet"/>);
    /// null for every service. Its other services are the baseline's.
    /// </summary>
    public IReadOnlyList<string>? Fork { get; init; }

    /// <summary>The cluster's DNS domain, used to address the shared engines across namespaces.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";
}
