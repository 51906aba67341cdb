using k8s.Models;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>
/// Who may change what. A PR's workloads are applied with a token of its own <see cref="PreviewNames.DeployerAccount"/>,
/// whose Role reaches nothing outside that namespace and no Secret at all. Namespaces, policies, Secrets and the
/// engine Jobs are the business of <see cref="Operator"/>, the identity only default-branch workflows hold.
/// </summary>
internal static class AccessFactory
{
    /// <summary>The ServiceAccount (in <see cref="PreviewNames.SystemNamespace"/>) and ClusterRole of the default-branch workflows.</summary>
    public const string Operator = "preview-operator";

    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["get", "list", "watch", "create", "update", "patch", "delete"];

    /// <summary>The deployer of PR <paramref name="names"/>: a ServiceAccount, its Role and the binding, all in the PR's namespace.</summary>
    public static IEnumerable<object> Deployer(PreviewNames names)
    {
        var ns = names.Namespace;
        var name = PreviewNames.DeployerAccount;
        yield return Account(name, ns, names.Labels);
        yield return new V1Role
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "Role",
            Metadata = ObjectMetadata.Create(name, ns, names.Labels),
            Rules = DeployerRules(),
        };
        yield return new V1RoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "RoleBinding",
            Metadata = ObjectMetadata.Create(name, ns, names.Labels),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = name },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = name, NamespaceProperty = ns }],
        };
    }

    /// <summary>The workflows' system identity: a ServiceAccount in the system namespace bound to a ClusterRole.</summary>
    public static IEnumerable<object> OperatorAccess(IReadOnlyDictionary<string, string> labels)
    {
        yield return Account(Operator, PreviewNames.SystemNamespace, labels);
        yield return new V1ClusterRole
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRole",
            Metadata = ObjectMetadata.Create(Operator, null, labels),
            Rules =
            [
                Rule("", ["namespaces", "secrets", "serviceaccounts", "resourcequotas", "limitranges", "services", "configmaps"], Write),
                Rule("", ["serviceaccounts/token"], ["create"]),
                Rule("", ["pods", "pods/log", "events"], Read),
                Rule("apps", ["deployments"], Write),
                Rule("apps", ["deployments/scale"], ["get", "patch", "update"]),
                Rule("apps", ["replicasets"], Read),
                Rule("batch", ["jobs"], ["get", "list", "watch", "create", "delete"]),
                Rule("batch", ["cronjobs"], Read),
                Rule("networking.k8s.io", ["networkpolicies"], Write),
                Rule("rbac.authorization.k8s.io", ["roles", "rolebindings"], Write),
            ],
        };
        yield return new V1ClusterRoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRoleBinding",
            Metadata = ObjectMetadata.Create(Operator, null, labels),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = Operator },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = Operator, NamespaceProperty = PreviewNames.SystemNamespace }],
        };
    }

    /// <summary>Workloads, their Services and ConfigMaps, and reading their pods, in one namespace; no Secrets, no policies.</summary>
    private static List<V1PolicyRule> DeployerRules() =>
    [
        Rule("", ["configmaps", "services"], Write),
        Rule("", ["events", "pods", "pods/log"], Read),
        Rule("apps", ["deployments"], Write),
        Rule("apps", ["replicasets"], Read),
    ];

    private static V1ServiceAccount Account(string name, string ns, IReadOnlyDictionary<string, string> labels) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = ObjectMetadata.Create(name, ns, labels),
        AutomountServiceAccountToken = false,
    };

    private static V1PolicyRule Rule(string group, string[] resources, string[] verbs) => new()
    {
        ApiGroups = [group],
        Resources = resources,
        Verbs = verbs,
    };
}
