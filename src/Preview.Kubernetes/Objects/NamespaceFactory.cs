using k8s.Models;
using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>
/// Namespaces: a PR's, carrying its identity, lifetime, requests and chosen forks; the baseline's (no expiry, no idle
/// time: it is neither swept nor put to sleep); and the shared system namespace. All enforce the Pod Security
/// <c>restricted</c> standard.
/// </summary>
internal static class NamespaceFactory
{
    private static readonly KeyValuePair<string, string>[] RestrictedPods =
    [
        KeyValuePair.Create("pod-security.kubernetes.io/audit", "restricted"),
        KeyValuePair.Create("pod-security.kubernetes.io/enforce", "restricted"),
        KeyValuePair.Create("pod-security.kubernetes.io/enforce-version", "latest"),
        KeyValuePair.Create("pod-security.kubernetes.io/warn", "restricted"),
    ];

    public static V1Namespace Preview(PreviewNames names, KubernetesGenerationOptions options, ResourceRequests requests, ForkSet forks)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PreviewNames.CreatedAtAnnotation] = LifecycleTime.ToText(options.CreatedAt),
            [PreviewNames.RequestsCpuAnnotation] = requests.CpuQuantity,
            [PreviewNames.RequestsMemoryAnnotation] = requests.MemoryQuantity,
        };
        if (!names.IsBaseline)
        {
            annotations[PreviewNames.ExpiresAtAnnotation] = LifecycleTime.ToText(options.CreatedAt + options.Ttl);
            annotations[PreviewNames.IdleAfterAnnotation] = PreviewDuration.Format(options.Idle);
        }

        if (forks.IsChosen)
        {
            annotations[PreviewNames.ForksAnnotation] = string.Join(',', forks.Services);
            annotations[PreviewNames.OwnsDataAnnotation] = forks.OwnsData ? "true" : "false";
        }

        if (options.HeadSha is { } sha)
        {
            annotations[PreviewNames.HeadShaAnnotation] = sha;
        }

        return Create(names.Namespace, names.Labels.Concat(RestrictedPods), annotations);
    }

    public static V1Namespace System() =>
        Create(PreviewNames.SystemNamespace, [KeyValuePair.Create("app.kubernetes.io/part-of", PreviewNames.PartOf), .. RestrictedPods], null);

    private static V1Namespace Create(string name, IEnumerable<KeyValuePair<string, string>> labels, IEnumerable<KeyValuePair<string, string>>? annotations) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = ObjectMetadata.Create(name, null, labels, annotations),
    };
}
