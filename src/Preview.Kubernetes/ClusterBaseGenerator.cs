using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Kubernetes.Objects;
using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes;

/// <summary>
/// Generates the shared cluster base from the AppHost's Aspire manifest: the <c>preview-system</c> namespace and its
/// network policies, each shared engine as a StatefulSet, the router (Deployment, Service, wildcard Ingress) in cluster
/// mode, the waker that puts idle previews to sleep, the workflows' operator identity, and the suspended CronJobs the engine Jobs are created from (provisioning,
/// teardown, inventory). Every image is pinned by digest.
/// </summary>
public static class ClusterBaseGenerator
{
    /// <summary>The router's resource name in the AppHost model.</summary>
    public const string Router = "router";

    /// <summary>The router's binding for preview traffic.</summary>
    public const string RouterPublicBinding = "http";

    /// <summary>The router's binding for its own health endpoint.</summary>
    public const string RouterManagementBinding = "management";

    /// <summary>The project the engine Jobs run: the provisioner, built from the default branch.</summary>
    public const string Provisioner = "provisioner";

    /// <summary>The base's files, <c>kustomization.yaml</c> first.</summary>
    public static IReadOnlyList<GeneratedFile> Generate(AspireManifest manifest, KubernetesGenerationOptions options)
    {
        var placement = new ClusterPlacement(null, options.ClusterDomain);
        var labels = ObjectMetadata.Sorted([KeyValuePair.Create("app.kubernetes.io/part-of", PreviewNames.PartOf)]);
        var engines = manifest.Resources.Where(r => r.Type == AspireResourceTypes.Container).ToList();
        var router = manifest[Router];
        var routerPort = ClusterPlacement.TargetPort(router, router.Bindings.Single(b => b.Name == RouterPublicBinding));
        var routerManagementPort = ClusterPlacement.TargetPort(router, router.Bindings.Single(b => b.Name == RouterManagementBinding));
        List<GeneratedFile> files =
        [
            YamlDocuments.File("namespace.yaml", [NamespaceFactory.System()]),
            YamlDocuments.File("network-policy.yaml", NetworkPolicyFactory.System(manifest, labels, routerPort, routerManagementPort, ClusterPlacement.ProjectContainerPort)),
            YamlDocuments.File("operator.yaml", AccessFactory.OperatorAccess(labels)),
        ];
        files.AddRange(engines.Select(e => YamlDocuments.File($"{e.Name}.yaml", EngineFactory.Create(e, manifest, placement, labels, options.Images))));
        files.Add(YamlDocuments.File("router.yaml", RouterObjects(manifest, placement, labels, options)));
        files.Add(YamlDocuments.File("waker.yaml", WakerFactory.Create(options.Images.For(WakerFactory.Image), labels, routerManagementPort, RouterControlToken(WakerFactory.TokenVariable))));
        files.Add(YamlDocuments.File("engine-jobs.yaml",
        [
            EngineJobTemplate(PreviewNames.ProvisionTemplate, "provision", manifest, placement, labels, options, PullRequestCredentials),
            EngineJobTemplate(PreviewNames.TeardownTemplate, "teardown", manifest, placement, labels, options),
            EngineJobTemplate(PreviewNames.InventoryTemplate, "inventory", manifest, placement, labels, options),
        ]));
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
        // The management endpoints (GET /activity for the waker) exist only with a control token, kept in a Secret.
        container.Env.Add(RouterControlToken("Router__ControlToken").ToEnvVar());
        var objects = ServiceWorkloadFactory.Create(
            Router, PreviewNames.SystemNamespace, labels, container, ResourceBudgets.Router(), shared,
            probePort: RouterManagementBinding, livenessPath: ServiceWorkloadFactory.HealthPath);
        return [.. objects, IngressFactory.Create(Router, RouterPublicBinding, options.Domain, labels)];
    }

    /// <summary>
    /// A template for one verb of the provisioner, run with the engines' admin credentials in the system namespace;
    /// <c>Preview__PullRequest</c> is set on each Job created from it.
    /// </summary>
    private static k8s.Models.V1CronJob EngineJobTemplate(
        string name, string verb, AspireManifest manifest, ClusterPlacement placement, SortedDictionary<string, string> labels, KubernetesGenerationOptions options, IReadOnlyList<(SecretReference Secret, string Setting)>? credentials = null)
    {
        // The provisioner's admin contract (see WithProvisioner).
        var resource = new AspireResource
        {
            Name = name,
            Type = AspireResourceTypes.Project,
            Args = [verb],
            Env =
            [
                KeyValuePair.Create("DOTNET_ENVIRONMENT", "Preview"),
                KeyValuePair.Create("ConnectionStrings__postgres", "{postgres.connectionString}"),
                KeyValuePair.Create("ConnectionStrings__redis", "{redis.connectionString}"),
                KeyValuePair.Create("ConnectionStrings__rabbitmq", "{rabbitmq.connectionString}"),
                KeyValuePair.Create("Preview__RabbitMqManagement", "{rabbitmq.bindings.management.url}"),
            ],
        };
        var container = WorkloadContainer.Create(Provisioner, options.Images.For(Provisioner), resource, manifest, placement);
        if (credentials is not null)
        {
            container.Env =
            [
                .. credentials.Select(c => c.Secret.ToEnvVar()),
                .. container.Env,
                .. credentials.Select(c => new k8s.Models.V1EnvVar { Name = c.Setting, Value = $"$({c.Secret.Variable})" }),
            ];
        }

        return ProvisioningJobFactory.Template(name, PreviewNames.SystemNamespace, labels, container);
    }

    /// <summary>
    /// The PR's passwords for provisioning, from the Secret <c>preview-credentials</c> (the workflow points each Job at
    /// that PR's copy in the system namespace, <see cref="PreviewNames.SystemCredentialsSecret"/>), and the provisioner
    /// setting each fills.
    /// </summary>
    private static readonly (SecretReference Secret, string Setting)[] PullRequestCredentials =
    [
        (new("SECRET_POSTGRES_PASSWORD", PreviewNames.CredentialsSecret, "postgres-password"), "Preview__Credentials__Postgres"),
        (new("SECRET_RABBITMQ_PASSWORD", PreviewNames.CredentialsSecret, "rabbitmq-password"), "Preview__Credentials__RabbitMq"),
        (new("SECRET_REDIS_PASSWORD", PreviewNames.CredentialsSecret, "redis-password"), "Preview__Credentials__Redis"),
    ];

    /// <summary>The router's control token as environment variable <paramref name="variable"/>, from <see cref="PreviewNames.RouterControlSecret"/>.</summary>
    private static SecretReference RouterControlToken(string variable) => new(variable, PreviewNames.RouterControlSecret, PreviewNames.RouterControlTokenKey);

    private static bool ReferencesProject(string value, AspireManifest manifest) =>
        manifest.Resources.Any(r => r.Type == AspireResourceTypes.Project && r.Name != Router && value.Contains("{" + r.Name + ".", StringComparison.Ordinal));
}
