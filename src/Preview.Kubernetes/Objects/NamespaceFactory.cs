using System.Globalization;
using k8s.Models;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>Namespaces: a PR's, carrying its identity and lifetime, and the shared system namespace.</summary>
internal static class NamespaceFactory
{
    /// <summary>The timestamp format of the lifetime annotations: UTC, seconds, ISO 8601.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static V1Namespace Preview(PreviewNames names, KubernetesGenerationOptions options)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PreviewNames.CreatedAtAnnotation] = Timestamp(options.CreatedAt),
            [PreviewNames.ExpiresAtAnnotation] = Timestamp(options.CreatedAt + options.Ttl),
        };
        if (options.HeadSha is { } sha)
        {
            annotations[PreviewNames.HeadShaAnnotation] = sha;
        }

        return Create(names.Namespace, names.Labels, annotations);
    }

    public static V1Namespace System() =>
        Create(PreviewNames.SystemNamespace, [KeyValuePair.Create("app.kubernetes.io/part-of", PreviewNames.PartOf)], null);

    public static string Timestamp(DateTimeOffset instant) => instant.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static V1Namespace Create(string name, IEnumerable<KeyValuePair<string, string>> labels, IEnumerable<KeyValuePair<string, string>>? annotations) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = ObjectMetadata.Create(name, null, labels, annotations),
    };
}
