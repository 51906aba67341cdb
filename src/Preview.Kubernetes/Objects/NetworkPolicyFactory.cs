using k8s.Models;
using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>
/// The network policies of both kinds of namespace: everything denied (ingress and egress), then only what previews need.
/// A preview's pods reach DNS, each other, the engines' client ports (when its forks own data) and the baseline's services
/// its forks call, and accept the router and the baseline's services that call its forks; the baseline's pods also accept
/// and reach preview namespaces' services. In
/// <see cref="PreviewNames.SystemNamespace"/> the engines accept clients only from preview namespaces and their
/// management port only from engine-admin Jobs (provisioning, teardown, inventory).
/// </summary>
internal static class NetworkPolicyFactory
{
    /// <summary>The pod label of the Jobs allowed to administer the engines (every port, the management API included).</summary>
    public const string EngineAdminLabel = "preview-aspire.io/engine-admin";

    /// <summary>The binding that carries an engine's administration API rather than client traffic.</summary>
    public const string ManagementBinding = "management";

    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>The ports the Kubernetes API server listens on (443 behind its Service, 6443 on most control planes).</summary>
    public static readonly int[] ApiServerPorts = [443, 6443];

    /// <summary>The policies of the namespace of <paramref name="names"/> (a PR with <paramref name="forks"/>, or the baseline).</summary>
    public static IEnumerable<V1NetworkPolicy> Preview(PreviewNames names, AspireManifest manifest, ForkSet forks, int servicePort)
    {
        var ns = names.Namespace;
        var labels = names.Labels;
        yield return DenyAll(ns, labels);
        yield return AllowDns(ns, labels);
        yield return Policy("allow-same-namespace", ns, labels, Everything(),
            ingress: [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = Everything() }] }],
            egress: [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = Everything() }] }]);
        if (forks.OwnsData)
        {
            yield return Policy("allow-engines", ns, labels, Everything(),
                egress: [.. Engines(manifest).Select(e => new V1NetworkPolicyEgressRule
                {
                    To = [SystemPods(Named(e.Name))],
                    Ports = Tcp(ClientPorts(e)),
                })]);
        }

        if (forks.BaselineServices.Count > 0 || forks.BaselineCallers.Count > 0)
        {
            // The forks call the baseline's services they do not fork; the baseline's services call the forks in the PR's context.
            yield return Policy("allow-baseline", ns, labels, Everything(),
                ingress: forks.BaselineCallers.Count == 0 ? null : [new V1NetworkPolicyIngressRule { FromProperty = [BaselinePods(forks.BaselineCallers)], Ports = Tcp([servicePort]) }],
                egress: forks.BaselineServices.Count == 0 ? null : [new V1NetworkPolicyEgressRule { To = [BaselinePods(forks.BaselineServices)], Ports = Tcp([servicePort]) }]);
        }

        yield return Policy("allow-router", ns, labels, Everything(),
            ingress: [new V1NetworkPolicyIngressRule { FromProperty = [SystemPods(Named(ClusterBaseGenerator.Router))], Ports = Tcp([servicePort]) }]);
        if (names.IsBaseline)
        {
            // PRs' forks call the baseline's services they do not fork; in a PR's routing context the baseline calls its forks.
            yield return Policy("allow-previews", ns, labels, Everything(),
                ingress: [new V1NetworkPolicyIngressRule { FromProperty = [PreviewNamespaces()], Ports = Tcp([servicePort]) }],
                egress: [new V1NetworkPolicyEgressRule { To = [PreviewNamespaces()], Ports = Tcp([servicePort]) }]);
        }
    }

    /// <summary>The policies of <see cref="PreviewNames.SystemNamespace"/>.</summary>
    public static IEnumerable<V1NetworkPolicy> System(AspireManifest manifest, IReadOnlyDictionary<string, string> labels, int routerPort, int routerManagementPort, int previewPort)
    {
        var ns = PreviewNames.SystemNamespace;
        yield return DenyAll(ns, labels);
        yield return AllowDns(ns, labels);
        foreach (var engine in Engines(manifest))
        {
            yield return Policy($"{engine.Name}-clients", ns, labels, Named(engine.Name),
                ingress:
                [
                    new V1NetworkPolicyIngressRule { FromProperty = [PreviewNamespaces()], Ports = Tcp(ClientPorts(engine)) },
                    new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = EngineAdmins() }], Ports = Tcp(AllPorts(engine)) },
                ]);
        }

        yield return Policy("engine-admin", ns, labels, EngineAdmins(),
            egress: [.. Engines(manifest).Select(e => new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = Named(e.Name) }], Ports = Tcp(AllPorts(e)) })]);
        // The ingress controller's namespace differs per cluster, so the router's public port is open to all; it reaches previews only.
        yield return Policy(ClusterBaseGenerator.Router, ns, labels, Named(ClusterBaseGenerator.Router),
            ingress:
            [
                new V1NetworkPolicyIngressRule { Ports = Tcp([routerPort]) },
                new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = Named(WakerFactory.Name) }], Ports = Tcp([routerManagementPort]) },
            ],
            egress: [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { NamespaceSelector = PreviewNamespaceSelector() }], Ports = Tcp([previewPort]) }]);
        // The API server is no pod a selector can name and its address differs per cluster: the waker may reach its ports only.
        yield return Policy(WakerFactory.Name, ns, labels, Named(WakerFactory.Name),
            egress:
            [
                new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = Named(ClusterBaseGenerator.Router) }], Ports = Tcp([routerManagementPort]) },
                new V1NetworkPolicyEgressRule { Ports = Tcp(ApiServerPorts) },
            ]);
    }

    private static IEnumerable<AspireResource> Engines(AspireManifest manifest) =>
        manifest.Resources.Where(r => r.Type == AspireResourceTypes.Container && r.Bindings.Count > 0);

    private static IEnumerable<int> ClientPorts(AspireResource engine) =>
        engine.Bindings.Where(b => b.Name != ManagementBinding).Select(b => ClusterPlacement.TargetPort(engine, b));

    private static IEnumerable<int> AllPorts(AspireResource engine) => engine.Bindings.Select(b => ClusterPlacement.TargetPort(engine, b));

    private static V1NetworkPolicy DenyAll(string ns, IReadOnlyDictionary<string, string> labels) =>
        Policy("default-deny", ns, labels, Everything(), ingress: [], egress: []);

    private static V1NetworkPolicy AllowDns(string ns, IReadOnlyDictionary<string, string> labels) => Policy("allow-dns", ns, labels, Everything(), egress:
    [
        new V1NetworkPolicyEgressRule
        {
            To =
            [
                new V1NetworkPolicyPeer
                {
                    NamespaceSelector = Selector(NamespaceNameLabel, "kube-system"),
                    PodSelector = Selector("k8s-app", "kube-dns"),
                },
            ],
            Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }],
        },
    ]);

    /// <summary>
    /// A policy over <paramref name="pods"/>. A direction given (even empty) is listed in policyTypes, so an empty list
    /// denies that direction; a direction left null is not governed by this policy.
    /// </summary>
    private static V1NetworkPolicy Policy(string name, string ns, IReadOnlyDictionary<string, string> labels, V1LabelSelector pods, IList<V1NetworkPolicyIngressRule>? ingress = null, IList<V1NetworkPolicyEgressRule>? egress = null) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = ObjectMetadata.Create(name, ns, labels),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = pods,
            PolicyTypes = [.. new[] { ingress is null ? null : "Ingress", egress is null ? null : "Egress" }.OfType<string>()],
            Ingress = ingress is { Count: > 0 } ? ingress : null,
            Egress = egress is { Count: > 0 } ? egress : null,
        },
    };

    private static V1NetworkPolicyPeer SystemPods(V1LabelSelector pods) => new()
    {
        NamespaceSelector = Selector(NamespaceNameLabel, PreviewNames.SystemNamespace),
        PodSelector = pods,
    };

    private static V1NetworkPolicyPeer BaselinePods(IReadOnlyList<string> services) => new()
    {
        NamespaceSelector = Selector(NamespaceNameLabel, PreviewNames.Baseline.Namespace),
        PodSelector = new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = ObjectMetadata.NameLabel, OperatorProperty = "In", Values = [.. services] }],
        },
    };

    private static V1NetworkPolicyPeer PreviewNamespaces() => new() { NamespaceSelector = PreviewNamespaceSelector() };

    // Only the provisioning identity labels namespaces (the deployer cannot patch them), so the PR label marks a preview.
    private static V1LabelSelector PreviewNamespaceSelector() => new()
    {
        MatchExpressions = [new V1LabelSelectorRequirement { Key = PreviewNames.PullRequestLabel, OperatorProperty = "Exists" }],
    };

    private static V1LabelSelector EngineAdmins() => Selector(EngineAdminLabel, "true");

    private static V1LabelSelector Named(string name) => Selector(ObjectMetadata.NameLabel, name);

    private static V1LabelSelector Everything() => new();

    private static V1LabelSelector Selector(string key, string value) => new() { MatchLabels = ObjectMetadata.Sorted([KeyValuePair.Create(key, value)]) };

    private static List<V1NetworkPolicyPort> Tcp(IEnumerable<int> ports) =>
        [.. ports.Distinct().Order().Select(p => new V1NetworkPolicyPort { Protocol = "TCP", Port = p })];
}
