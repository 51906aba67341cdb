using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Manifest;

/// <summary>
/// Where each Aspire resource lives in the cluster and how other pods address it: a PR's own resources by their short
/// Service name inside the PR's namespace, shared resources (engines, router) by their Service name in
/// <see cref="PreviewNames.SystemNamespace"/>. A PR's services it does not fork (see <see cref="Forks"/>) are the
/// baseline's, addressed by their Service name in <see cref="PreviewNames.Baseline"/>'s namespace.
/// </summary>
/// <param name="PullRequest">The PR whose resources are local, or null when generating the shared base.</param>
/// <param name="ClusterDomain">The cluster's DNS domain, for example <c>cluster.local</c>.</param>
public sealed record ClusterPlacement(PreviewNames? PullRequest, string ClusterDomain)
{
    /// <summary>The port every project container listens on (the .NET container images' default).</summary>
    public const int ProjectContainerPort = 8080;

    /// <summary>The port of a project's HTTP Service, so that URLs need no port.</summary>
    public const int HttpServicePort = 80;

    /// <summary>The PR's forks; null when it runs every service of its own.</summary>
    public ForkSet? Forks { get; init; }

    /// <summary>The Kubernetes object name of a resource: the short name for the PR's own resources, the resource name otherwise.</summary>
    public string ObjectName(string resourceName) =>
        PullRequest is not null && PullRequest.TryGetService(resourceName, out var service) ? service : resourceName;

    /// <summary>True when the resource belongs to <see cref="PullRequest"/>.</summary>
    public bool IsLocal(string resourceName) => PullRequest is not null && PullRequest.TryGetService(resourceName, out _);

    /// <summary>The DNS name other pods use for the resource.</summary>
    public string Host(string resourceName) =>
        !IsLocal(resourceName) ? $"{resourceName}.{PreviewNames.SystemNamespace}.svc.{ClusterDomain}"
        : IsBaseline(resourceName) ? BaselineHost(ObjectName(resourceName))
        : ObjectName(resourceName);

    /// <summary>True when <paramref name="resourceName"/> is one of the PR's services it does not fork: the baseline serves it.</summary>
    public bool IsBaseline(string resourceName) => IsLocal(resourceName) && Forks is not null && !Forks.Contains(ObjectName(resourceName));

    /// <summary>The DNS name of the baseline's Service <paramref name="service"/>, for example <c>api.preview-main.svc.cluster.local</c>.</summary>
    public string BaselineHost(string service) => $"{service}.{PreviewNames.Baseline.Namespace}.svc.{ClusterDomain}";

    /// <summary>The port the resource's container listens on for <paramref name="binding"/>.</summary>
    public static int TargetPort(AspireResource resource, AspireBinding binding) =>
        binding.TargetPort ?? (resource.Type == AspireResourceTypes.Project
            ? ProjectContainerPort
            : throw new ManifestInputException($"Binding '{binding.Name}' of container '{resource.Name}' has no target port."));

    /// <summary>The port of the resource's Service for <paramref name="binding"/>.</summary>
    public static int ServicePort(AspireResource resource, AspireBinding binding) =>
        resource.Type == AspireResourceTypes.Project && binding.Scheme == "http" && binding.TargetPort is null
            ? HttpServicePort
            : TargetPort(resource, binding);
}
