using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Kubernetes.Objects;
using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes;

/// <summary>
/// Generates <c>manifests/base</c>, the shared cluster pieces, from the AppHost's Aspire manifest: the
/// <c>preview-system</c> namespace, each shared engine as a StatefulSet, the router (Deployment, Service, wildcard Ingress)
/// in cluster mode, and the suspended teardown CronJob that per-PR teardown Jobs are created from.
/// </summary>
public static class ClusterBaseGenerator
{
    /// <summary>The router's resource name in the AppHost model.</summary>
    public const string Router = "router";

    /// <summary>The router's binding for preview traffic.</summary>
    public const string RouterPublicBinding = "http";

    /// <summary>The router's binding for its own health endpoint.</summary>
    public const string RouterManagementBinding = "management";

    /// <summary>The base's files, <c>kustomization.yaml</c> first.</summary>
    public static IReadOnlyList<GeneratedFile> Generate(AspireManifest manifest, KubernetesGenerationOptions options)
    {
        var placement = new ClusterPlacement(null, options.ClusterDomain);
        var labels = ObjectMetadata.Sorted([KeyValuePair.Create("app.kubernetes.io/part-of", PreviewNames.PartOf)]);
        var engines = manifest.Resources.Where(r => r.Type == AspireResourceTypes.Container).ToList();
        List<GeneratedFile> files = [YamlDocuments.File("namespace.yaml", [NamespaceFactory.System()])];
        files.AddRange(engines.Select(e => YamlDocuments.File($"{e.Name}.yaml", EngineFactory.Create(e, manifest, placement, labels))));
        files.Add(YamlDocuments.File("router.yaml", RouterObjects(manifest, placement, labels, options)));
        files.Add(YamlDocuments.File("teardown.yaml", [Teardown(manifest, placement, labels, options)]));
        return [Kustomization.For(files), .. files];
    }

    private static IEnumerable<object> RouterObjects(AspireManifest manifest, ClusterPlacement placement, SortedDictionary<string, string> labels, KubernetesGenerationOptions options)
    {
        var router = manifest[Router];
        // Per-PR routes reach the router by convention in the cluster, so service-discovery entries for PR projects are dropped.
        var shared = router with
        {
            Env = [.. router.Env.Where(e => !ReferencesProject(e.Value, manifest))],
        };
        var container = WorkloadContainer.Create(Router, options.Images.For(Router), shared, manifest, placement, [KeyValuePair.Create("Router__Mode", "cluster")]);
        var objects = ServiceWorkloadFactory.Create(
            Router, PreviewNames.SystemNamespace, labels, container, ResourceBudgets.Router(), shared,
            probePort: RouterManagementBinding, livenessPath: ServiceWorkloadFactory.HealthPath);
        return [.. objects, IngressFactory.Create(Router, RouterPublicBinding, options.Domain, labels)];
    }

    private static k8s.Models.V1CronJob Teardown(AspireManifest manifest, ClusterPlacement placement, SortedDictionary<string, string> labels, KubernetesGenerationOptions options)
    {
        // The provisioner's admin contract (see WithProvisioner); Preview__PullRequest is set on each Job created from the template.
        var teardown = new AspireResource
        {
            Name = PreviewNames.TeardownTemplate,
            Type = AspireResourceTypes.Project,
            Args = ["teardown"],
            Env =
            [
                KeyValuePair.Create("DOTNET_ENVIRONMENT", "Preview"),
                KeyValuePair.Create("ConnectionStrings__postgres", "{postgres.connectionString}"),
                KeyValuePair.Create("ConnectionStrings__redis", "{redis.connectionString}"),
                KeyValuePair.Create("ConnectionStrings__rabbitmq", "{rabbitmq.connectionString}"),
                KeyValuePair.Create("Preview__RabbitMqManagement", "{rabbitmq.bindings.management.url}"),
            ],
        };
        var container = WorkloadContainer.Create("provisioner", options.Images.For("provisioner"), teardown, manifest, placement);
        return ProvisioningJobFactory.Template(PreviewNames.TeardownTemplate, PreviewNames.SystemNamespace, labels, container);
    }

    private static bool ReferencesProject(string value, AspireManifest manifest) =>
        manifest.Resources.Any(r => r.Type == AspireResourceTypes.Project && r.Name != Router && value.Contains("{" + r.Name + ".", StringComparison.Ordinal));
}
