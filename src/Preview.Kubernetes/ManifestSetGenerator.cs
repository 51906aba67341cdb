using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes;

/// <summary>
/// Decides what an AppHost publish run writes beside its <c>aspire-manifest.json</c>: without PRs the shared base; with one
/// PR that PR's overlay; with several, each PR's overlay in its own <c>pr-&lt;id&gt;/</c> subdirectory; for the baseline
/// (<c>--pr main</c>) the baseline's overlay.
/// </summary>
public static class ManifestSetGenerator
{
    /// <summary>The file name Aspire writes its manifest to.</summary>
    public const string AspireManifestFile = "aspire-manifest.json";

    /// <summary>The generated files for <paramref name="pullRequests"/>, paths relative to the output directory.</summary>
    public static IReadOnlyList<GeneratedFile> Generate(string aspireManifestJson, IReadOnlyList<PullRequestId> pullRequests, KubernetesGenerationOptions options)
    {
        var manifest = AspireManifest.Parse(aspireManifestJson);
        return pullRequests.Count switch
        {
            0 => ClusterBaseGenerator.Generate(manifest, options),
            1 => PreviewOverlayGenerator.Generate(manifest, pullRequests[0], options),
            _ => [.. pullRequests.SelectMany(pr => PreviewOverlayGenerator.Generate(manifest, pr, options)
                .Select(f => f with { Path = $"{pr.Names.ManifestDirectory}/{f.Path}" }))],
        };
    }

    /// <summary>
    /// The baseline's overlay (namespace <c>preview-main</c>, every service, its own data surfaces), paths relative to the
    /// output directory; the manifest is the AppHost's with <c>--pr main</c>.
    /// </summary>
    public static IReadOnlyList<GeneratedFile> GenerateBaseline(string aspireManifestJson, KubernetesGenerationOptions options) =>
        PreviewOverlayGenerator.Generate(AspireManifest.Parse(aspireManifestJson), PreviewNames.Baseline, options);
}
