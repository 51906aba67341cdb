using k8s.Models;
using PreviewAspire.Naming;
using static PreviewAspire.Kubernetes.Objects.RbacObjects;

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

    /// <summary>The deployer of PR <paramref name="names"/>: a ServiceAccount, its Role and the binding, all in the PR's namespace.</summary>
    public static IEnumerable<object> Deployer(PreviewNames names)
    {
        var ns = names.Namespace;
        var name = PreviewNames.DeployerAccount;
        yield return Account(name, ns, names.Labels);
        // Workloads, their Services and ConfigMaps, and reading their pods, in one namespace; no Secrets, no policies.
        yield return Role(name, ns, names.Labels,
        [
            Rule("", ["configmaps", "services"], Write),
            Rule("", ["events", "pods", "pods/log"], Read),
            Rule("apps", ["deployments"], Write),
            Rule("apps", ["replicasets"], Read),
        ]);
        yield return RoleBinding(name, ns, ns, names.Labels);
    }

    /// <summary>The workflows' system identity: a ServiceAccount in the system namespace bound to a ClusterRole.</summary>
    public static IEnumerable<object> OperatorAccess(IReadOnlyDictionary<string, string> labels)
    {
        yield return Account(Operator, PreviewNames.SystemNamespace, labels);
        yield return ClusterRole(Operator, labels,
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
        ]);
        yield return ClusterRoleBinding(Operator, PreviewNames.SystemNamespace, labels);
    }
}
