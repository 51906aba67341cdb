namespace PreviewAspire.Kubernetes.Output;

/// <summary>A <c>kustomization.yaml</c>: the list of resource files kustomize builds, serialized like any other object.</summary>
public sealed class Kustomization
{
    /// <summary>The file name kustomize looks for.</summary>
    public const string FileName = "kustomization.yaml";

    /// <summary>Always <c>kustomize.config.k8s.io/v1beta1</c>.</summary>
    public string ApiVersion { get; } = "kustomize.config.k8s.io/v1beta1";

    /// <summary>Always <c>Kustomization</c>.</summary>
    public string Kind { get; } = "Kustomization";

    /// <summary>The resource files, in apply order.</summary>
    public required IReadOnlyList<string> Resources { get; init; }

    /// <summary>The kustomization file listing <paramref name="files"/>.</summary>
    public static GeneratedFile For(IEnumerable<GeneratedFile> files) =>
        YamlDocuments.File(FileName, [new Kustomization { Resources = [.. files.Select(f => f.Path)] }]);
}
