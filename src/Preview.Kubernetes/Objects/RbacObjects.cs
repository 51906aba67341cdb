using k8s.Models;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>The RBAC pieces the factories share: a ServiceAccount, a rule, and bindings of one ServiceAccount to a role of the same name.</summary>
internal static class RbacObjects
{
    private const string ApiVersion = "rbac.authorization.k8s.io/v1";

    public static readonly string[] Read = ["get", "list", "watch"];
    public static readonly string[] Write = ["get", "list", "watch", "create", "update", "patch", "delete"];

    /// <summary>A ServiceAccount whose token is not mounted unless a pod asks for it.</summary>
    public static V1ServiceAccount Account(string name, string ns, IReadOnlyDictionary<string, string> labels) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = ObjectMetadata.Create(name, ns, labels),
        AutomountServiceAccountToken = false,
    };

    public static V1PolicyRule Rule(string group, string[] resources, string[] verbs) => new() { ApiGroups = [group], Resources = resources, Verbs = verbs };

    /// <summary>Binds ServiceAccount <paramref name="name"/> of <paramref name="accountNamespace"/> to the Role <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public static V1RoleBinding RoleBinding(string name, string ns, string accountNamespace, IReadOnlyDictionary<string, string> labels) => new()
    {
        ApiVersion = ApiVersion,
        Kind = "RoleBinding",
        Metadata = ObjectMetadata.Create(name, ns, labels),
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = name },
        Subjects = [Subject(name, accountNamespace)],
    };

    /// <summary>Binds ServiceAccount <paramref name="name"/> of <paramref name="accountNamespace"/> to the ClusterRole <paramref name="name"/>.</summary>
    public static V1ClusterRoleBinding ClusterRoleBinding(string name, string accountNamespace, IReadOnlyDictionary<string, string> labels) => new()
    {
        ApiVersion = ApiVersion,
        Kind = "ClusterRoleBinding",
        Metadata = ObjectMetadata.Create(name, null, labels),
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = name },
        Subjects = [Subject(name, accountNamespace)],
    };

    public static V1Role Role(string name, string ns, IReadOnlyDictionary<string, string> labels, List<V1PolicyRule> rules) => new()
    {
        ApiVersion = ApiVersion,
        Kind = "Role",
        Metadata = ObjectMetadata.Create(name, ns, labels),
        Rules = rules,
    };

    public static V1ClusterRole ClusterRole(string name, IReadOnlyDictionary<string, string> labels, List<V1PolicyRule> rules) => new()
    {
        ApiVersion = ApiVersion,
        Kind = "ClusterRole",
        Metadata = ObjectMetadata.Create(name, null, labels),
        Rules = rules,
    };

    private static Rbacv1Subject Subject(string name, string ns) => new() { Kind = "ServiceAccount", Name = name, NamespaceProperty = ns };
}
