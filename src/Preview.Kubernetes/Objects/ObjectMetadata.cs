using k8s.Models;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>Builds object metadata with labels in ordinal order, so serialization is stable.</summary>
internal static class ObjectMetadata
{
    /// <summary>The label key naming the workload a pod belongs to; with the PR label it selects the pods.</summary>
    public const string NameLabel = "app.kubernetes.io/name";

    public static V1ObjectMeta Create(string name, string? @namespace, IEnumerable<KeyValuePair<string, string>> labels, IEnumerable<KeyValuePair<string, string>>? annotations = null) => new()
    {
        Name = name,
        NamespaceProperty = @namespace,
        Labels = Sorted(labels),
        Annotations = annotations is null ? null : Sorted(annotations),
    };

    public static SortedDictionary<string, string> Sorted(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            sorted[key] = value;
        }

        return sorted;
    }

    /// <summary><paramref name="labels"/> plus the workload's name label.</summary>
    public static SortedDictionary<string, string> WithName(IEnumerable<KeyValuePair<string, string>> labels, string name) =>
        Sorted(labels.Append(KeyValuePair.Create(NameLabel, name)));
}
