using k8s.Models;
using PreviewAspire.Lifecycle;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>Requests and limits per kind of container (CPU, memory, ephemeral storage), and the per-PR quota they fit in.</summary>
internal static class ResourceBudgets
{
    private const string ServiceCpu = "50m";
    private const string ServiceMemory = "128Mi";

    /// <summary>The most a pod's scratch <c>/tmp</c> may hold; within the containers' ephemeral-storage limit.</summary>
    public static ResourceQuantity ScratchLimit => new("128Mi");

    /// <summary>A preview service or job: small requests, bounded burst.</summary>
    public static V1ResourceRequirements Service() => Requirements(ServiceCpu, ServiceMemory, "64Mi", "500m", "384Mi", "256Mi");

    /// <summary>What one preview service requests, for the cost of an awake hour.</summary>
    public static ResourceRequests ServiceRequests => ResourceRequests.Parse(ServiceCpu, ServiceMemory);

    /// <summary>A shared engine: serves every preview; its data is on a volume, ephemeral storage holds logs and temporary files.</summary>
    public static V1ResourceRequirements Engine() => Requirements("250m", "512Mi", "256Mi", "2", "2Gi", "2Gi");

    /// <summary>The router: on every request's path.</summary>
    public static V1ResourceRequirements Router() => Requirements("100m", "128Mi", "64Mi", "1", "256Mi", "256Mi");

    /// <summary>The hard quota of one preview namespace: room for every service twice over (rolling updates).</summary>
    public static IDictionary<string, ResourceQuantity> PreviewQuota() => Sorted(
        ("limits.cpu", "4"),
        ("limits.ephemeral-storage", "3Gi"),
        ("limits.memory", "3Gi"),
        ("persistentvolumeclaims", "0"),
        ("pods", "10"),
        ("requests.cpu", "1"),
        ("requests.ephemeral-storage", "1Gi"),
        ("requests.memory", "1Gi"),
        ("services.loadbalancers", "0"),
        ("services.nodeports", "0"));

    /// <summary>Defaults for a container that states no budget (the quota rejects pods without one), and the largest allowed.</summary>
    public static V1LimitRangeItem ContainerDefaults()
    {
        var service = Service();
        return new V1LimitRangeItem
        {
            Type = "Container",
            DefaultRequest = service.Requests,
            DefaultProperty = service.Limits,
            Max = Sorted(("cpu", "1"), ("ephemeral-storage", "1Gi"), ("memory", "1Gi")),
        };
    }

    private static V1ResourceRequirements Requirements(string cpuRequest, string memoryRequest, string storageRequest, string cpuLimit, string memoryLimit, string storageLimit) => new()
    {
        Requests = Sorted(("cpu", cpuRequest), ("ephemeral-storage", storageRequest), ("memory", memoryRequest)),
        Limits = Sorted(("cpu", cpuLimit), ("ephemeral-storage", storageLimit), ("memory", memoryLimit)),
    };

    private static SortedDictionary<string, ResourceQuantity> Sorted(params (string Name, string Quantity)[] entries)
    {
        var sorted = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var (name, quantity) in entries)
        {
            sorted[name] = new ResourceQuantity(quantity);
        }

        return sorted;
    }
}
