using k8s;

namespace PreviewAspire.Kubernetes.Output;

/// <summary>Serializes typed objects with the KubernetesClient YAML serializer into one multi-document file.</summary>
public static class YamlDocuments
{
    /// <summary>The document separator between objects.</summary>
    public const string Separator = "---\n";

    /// <summary>A file holding <paramref name="objects"/> in the given order, separated by <see cref="Separator"/>, with LF line endings.</summary>
    public static GeneratedFile File(string path, IEnumerable<object> objects) =>
        new(path, string.Join(Separator, objects.Select(Serialize)));

    /// <summary>One object as YAML ending in a single newline.</summary>
    public static string Serialize(object value) =>
        KubernetesYaml.Serialize(value).ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}
