using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Kubernetes.Objects;
using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes;

/// <summary>
/// Generates one PR's overlay (or the baseline's) from the AppHost's Aspire manifest, in two kustomizations applied by
/// different identities: the workloads (router entry, a Deployment and Service per forked HTTP project), applied with the
/// PR's own deployer token; and <c>namespace/</c> (namespace, network policies, quota, limits, the deployer's Role),
/// applied by the operator from the default branch. The provisioner is not part of it: it runs in the system namespace
/// from the default branch. Pure: the same manifest and options give byte-identical files.
/// </summary>
public static class PreviewOverlayGenerator
{
    /// <summary>The subdirectory holding the namespace's guards.</summary>
    public const string NamespaceDirectory = "namespace";

    /// <summary>The files of PR <paramref name="pullRequest"/>'s overlay, each <c>kustomization.yaml</c> first.</summary>
    public static IReadOnlyList<GeneratedFile> Generate(AspireManifest manifest, PullRequestId pullRequest, KubernetesGenerationOptions options) =>
        Generate(manifest, pullRequest.Names, options);

    /// <summary>
    /// The files of the overlay of <paramref name="names"/> (a PR, or <see cref="PreviewNames.Baseline"/>), each
    /// <c>kustomization.yaml</c> first. A PR with <see cref="KubernetesGenerationOptions.Fork"/> gets only its forks'
    /// workloads, and its engine access only when they own data.
    /// </summary>
    public static IReadOnlyList<GeneratedFile> Generate(AspireManifest manifest, PreviewNames names, KubernetesGenerationOptions options)
    {
        foreach (var required in new[] { names.ServiceFor(PreviewSurface.Frontend), names.ServiceFor(PreviewSurface.Api) })
        {
            if (!manifest.Contains(required) || manifest[required].Type != AspireResourceTypes.Project)
            {
                throw new ManifestInputException($"The Aspire manifest has no project '{required}'; generate it with the AppHost and --pr {names.Key}.");
            }
        }

        var forks = ForkSet.Resolve(manifest, names, options.Fork);
        var placement = new ClusterPlacement(names, options.ClusterDomain) { Forks = forks };
        var services = manifest.Resources
            .Where(r => r.Type == AspireResourceTypes.Project && placement.IsLocal(r.Name) && r.Name != names.Provisioner && forks.Contains(placement.ObjectName(r.Name)))
            .ToList();

        List<GeneratedFile> workloads = [YamlDocuments.File("router-entry.yaml", [.. RouterEntryFactory.Create(names, options.Domain, placement)])];
        workloads.AddRange(services.Select(project => YamlDocuments.File($"{placement.ObjectName(project.Name)}.yaml", Workload(project, manifest, placement, names, options))));

        var requests = services.Where(s => s.Bindings.Count > 0).Aggregate(ResourceRequests.None, (sum, _) => sum + ResourceBudgets.ServiceRequests);
        List<GeneratedFile> guards =
        [
            YamlDocuments.File("namespace.yaml", [NamespaceFactory.Preview(names, options, requests, forks)]),
            YamlDocuments.File("network-policy.yaml", NetworkPolicyFactory.Preview(names, manifest, forks, ClusterPlacement.ProjectContainerPort)),
            YamlDocuments.File("resource-quota.yaml", [NamespaceGuardsFactory.ResourceQuota(names), NamespaceGuardsFactory.LimitRange(names)]),
            YamlDocuments.File("deployer.yaml", AccessFactory.Deployer(names)),
        ];
        return
        [
            Kustomization.For(workloads), .. workloads,
            .. new[] { Kustomization.For(guards) }.Concat(guards).Select(f => f with { Path = $"{NamespaceDirectory}/{f.Path}" }),
        ];
    }

    private static IEnumerable<object> Workload(AspireResource project, AspireManifest manifest, ClusterPlacement placement, PreviewNames names, KubernetesGenerationOptions options)
    {
        var name = placement.ObjectName(project.Name);
        var container = WorkloadContainer.Create(name, options.Images.For(name), project, manifest, placement);
        if (container.Env?.FirstOrDefault(e => e.ValueFrom?.SecretKeyRef is { } secret && secret.Name != PreviewNames.CredentialsSecret) is { } foreign)
        {
            throw new ManifestInputException(
                $"Project '{project.Name}' reads '{foreign.ValueFrom.SecretKeyRef.Name}' ({foreign.Name}); a PR's workloads may use only their own Secret '{PreviewNames.CredentialsSecret}', never the engines' administrator credentials.");
        }

        return project.Bindings.Count == 0
            ? [ProvisioningJobFactory.Job(name, names.Namespace, names.Labels, container)]
            : ServiceWorkloadFactory.Create(name, names.Namespace, names.Labels, container, ResourceBudgets.Service(), project, WorkloadContainer.PortName(project.Bindings[0]));
    }
}
