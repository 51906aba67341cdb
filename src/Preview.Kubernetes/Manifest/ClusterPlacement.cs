using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Manifest;

/// <summary>
/// Where each Aspire resource lives in the cluster and how other pods address it: a PR's own resources by their short
/// Service name inside the PR's namespace, shared resources (engines, router) by their Service name in
/// <see cref="PreviewNames.SystemNamespace"/>.
/// </summary>
/// <param name="PullRequest">The PR whose resources are local, or null when generating the shared base.</param>
/// <param name="ClusterDomain">The cluster's DNS domain, for example <c>cluster.local</c>.</param>
public sealed record ClusterPlacement(PreviewNames? PullRequest, string ClusterDomain)
{
    /// <summary>The port every project container listens on (the .NET container images' default).</summary>
    public const int ProjectContainerPort = 8080;

    /// <summary>The port of a project's HTTP Service, so that URLs need no port.</summary>
    public const int HttpServicePort = 80;

    /// <summary>The Kubernetes object name of a resource: the short name for the PR's own resources, the resource name otherwise.</summary>
    public string ObjectName(string resourceName) =>
        PullRequest is not null && PullRequest.TryGetService(resourceName, out var service) ? service : resourceName;

    /// <summary>True when the resource belongs to <see cref="PullRequest"/>.</summary>
    public bool IsLocal(string resourceName) => PullRequest is not null && PullRequest.TryGetService(resourceName, out _);

    /// <summary>The DNS name other pods use for the resource.</summary>
    public string Host(string resourceName) => IsLocal(resourceName)
        ? ObjectName(resourceName)
        : $"{resourceName}.{PreviewNames.SystemNamespace}.svc.{ClusterDomain}";

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
