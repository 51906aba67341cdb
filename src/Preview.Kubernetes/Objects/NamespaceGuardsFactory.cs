using k8s.Models;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>What bounds a preview namespace's consumption: a ResourceQuota and the LimitRange that gives containers a budget.</summary>
internal static class NamespaceGuardsFactory
{
    /// <summary>Bounds what one preview may consume: CPU, memory, ephemeral storage, pods; no volumes, node ports or load balancers.</summary>
    public static V1ResourceQuota ResourceQuota(PreviewNames names) => new()
    {
        ApiVersion = "v1",
        Kind = "ResourceQuota",
        Metadata = ObjectMetadata.Create("preview-quota", names.Namespace, names.Labels),
        Spec = new V1ResourceQuotaSpec { Hard = ResourceBudgets.PreviewQuota() },
    };

    /// <summary>Defaults and maxima per container, so a pod stating no budget is still admitted under the quota, and bounded.</summary>
    public static V1LimitRange LimitRange(PreviewNames names) => new()
    {
        ApiVersion = "v1",
        Kind = "LimitRange",
        Metadata = ObjectMetadata.Create("preview-limits", names.Namespace, names.Labels),
        Spec = new V1LimitRangeSpec { Limits = [ResourceBudgets.ContainerDefaults()] },
    };
}
