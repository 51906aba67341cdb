using k8s.Models;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>What keeps a preview namespace contained: a NetworkPolicy and a ResourceQuota.</summary>
internal static class NamespaceGuardsFactory
{
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>Admits ingress only from pods in the same namespace and from the router's namespace.</summary>
    public static V1NetworkPolicy NetworkPolicy(PreviewNames names) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = ObjectMetadata.Create("preview-isolation", names.Namespace, names.Labels),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            PolicyTypes = ["Ingress"],
            Ingress =
            [
                new V1NetworkPolicyIngressRule
                {
                    FromProperty =
                    [
                        new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() },
                        new V1NetworkPolicyPeer
                        {
                            NamespaceSelector = new V1LabelSelector
                            {
                                MatchLabels = ObjectMetadata.Sorted([KeyValuePair.Create(NamespaceNameLabel, PreviewNames.SystemNamespace)]),
                            },
                        },
                    ],
                },
            ],
        },
    };

    /// <summary>Bounds what one preview may consume: CPU, memory, pods; no volumes, node ports or load balancers.</summary>
    public static V1ResourceQuota ResourceQuota(PreviewNames names) => new()
    {
        ApiVersion = "v1",
        Kind = "ResourceQuota",
        Metadata = ObjectMetadata.Create("preview-quota", names.Namespace, names.Labels),
        Spec = new V1ResourceQuotaSpec { Hard = ResourceBudgets.PreviewQuota() },
    };
}
