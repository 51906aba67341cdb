using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>The inputs the golden files were generated with (see docs/kubernetes.md for the command).</summary>
internal static class GoldenInputs
{
    public static readonly PullRequestId PullRequest = PullRequestId.From(7);

    public static KubernetesGenerationOptions Options => GenerationArguments.Parse(
        ["--head-sha", "0123456789abcdef0123456789abcdef01234567", "--created-at", "2025-01-31T12:00:00Z", "--ttl", "3d"],
        "previews.example.com",
        () => throw new InvalidOperationException("created-at is given"));

    public static string ManifestJson => File.ReadAllText(Path.Combine(TestPaths.GoldenPullRequest, ManifestSetGenerator.AspireManifestFile));

    public static IReadOnlyList<GeneratedFile> Overlay() => ManifestSetGenerator.Generate(ManifestJson, [PullRequest], Options);

    public static IReadOnlyList<GeneratedFile> Base() => ManifestSetGenerator.Generate(
        File.ReadAllText(Path.Combine(TestPaths.Base, ManifestSetGenerator.AspireManifestFile)),
        [],
        GenerationArguments.Parse([], PreviewNames.DefaultDomain, () => DateTimeOffset.UnixEpoch));
}
