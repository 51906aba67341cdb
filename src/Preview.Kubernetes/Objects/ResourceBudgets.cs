using k8s.Models;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>Requests and limits per kind of container, and the per-PR quota they fit in.</summary>
internal static class ResourceBudgets
{
    /// <summary>A preview service or job: small requests, bounded burst.</summary>
    public static V1ResourceRequirements Service() => Requirements("50m", "128Mi", "500m", "384Mi");

    /// <summary>A shared engine: serves every preview.</summary>
    public static V1ResourceRequirements Engine() => Requirements("250m", "512Mi", "2", "2Gi");

    /// <summary>The router: on every request's path.</summary>
    public static V1ResourceRequirements Router() => Requirements("100m", "128Mi", "1", "256Mi");

    /// <summary>The hard quota of one preview namespace: room for every service twice over (rolling updates) plus the provisioner.</summary>
    public static IDictionary<string, ResourceQuantity> PreviewQuota() => new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
    {
        ["limits.cpu"] = new("4"),
        ["limits.memory"] = new("3Gi"),
        ["persistentvolumeclaims"] = new("0"),
        ["pods"] = new("10"),
        ["requests.cpu"] = new("1"),
        ["requests.memory"] = new("1Gi"),
        ["services.loadbalancers"] = new("0"),
        ["services.nodeports"] = new("0"),
    };

    private static V1ResourceRequirements Requirements(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new()
    {
        Requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["cpu"] = new(cpuRequest), ["memory"] = new(memoryRequest) },
        Limits = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["cpu"] = new(cpuLimit), ["memory"] = new(memoryLimit) },
    };
}
