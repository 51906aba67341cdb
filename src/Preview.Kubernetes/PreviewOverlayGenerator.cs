using k8s.Models;
using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Kubernetes.Objects;
using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes;

/// <summary>
/// Generates one PR's kustomize overlay from the AppHost's Aspire manifest: its namespace, isolation and quota, the router
/// entry, a Deployment and Service per HTTP project and a Job per run-to-completion project (the provisioner).
/// Pure: the same manifest and options give byte-identical files.
/// </summary>
public static class PreviewOverlayGenerator
{
    /// <summary>The files of PR <paramref name="pullRequest"/>'s overlay, <c>kustomization.yaml</c> first.</summary>
    public static IReadOnlyList<GeneratedFile> Generate(AspireManifest manifest, PullRequestId pullRequest, KubernetesGenerationOptions options)
    {
        var names = pullRequest.Names;
        var placement = new ClusterPlacement(names, options.ClusterDomain);
        var projects = manifest.Resources.Where(r => r.Type == AspireResourceTypes.Project && placement.IsLocal(r.Name)).ToList();
        foreach (var required in new[] { names.ServiceFor(PreviewSurface.Frontend), names.ServiceFor(PreviewSurface.Api) })
        {
            if (!projects.Any(p => p.Name == required))
            {
                throw new ManifestInputException($"The Aspire manifest has no project '{required}'; generate it with the AppHost and --pr {pullRequest}.");
            }
        }

        List<GeneratedFile> files =
        [
            YamlDocuments.File("namespace.yaml", [NamespaceFactory.Preview(names, options)]),
            YamlDocuments.File("network-policy.yaml", [NamespaceGuardsFactory.NetworkPolicy(names)]),
            YamlDocuments.File("resource-quota.yaml", [NamespaceGuardsFactory.ResourceQuota(names)]),
            YamlDocuments.File("router-entry.yaml", [RouterEntryFactory.Create(names, options.Domain, options.ClusterDomain)]),
        ];
        files.AddRange(projects.Select(project => YamlDocuments.File($"{placement.ObjectName(project.Name)}.yaml", Workload(project, manifest, placement, names, options))));
        return [Kustomization.For(files), .. files];
    }

    private static IEnumerable<object> Workload(AspireResource project, AspireManifest manifest, ClusterPlacement placement, PreviewNames names, KubernetesGenerationOptions options)
    {
        var name = placement.ObjectName(project.Name);
        var container = WorkloadContainer.Create(name, options.Images.For(name), project, manifest, placement);
        return project.Bindings.Count == 0
            ? [ProvisioningJobFactory.Job(name, names.Namespace, names.Labels, container)]
            : ServiceWorkloadFactory.Create(name, names.Namespace, names.Labels, container, ResourceBudgets.Service(), project, WorkloadContainer.PortName(project.Bindings[0]));
    }
}
