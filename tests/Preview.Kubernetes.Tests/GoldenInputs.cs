using System.Security.Cryptography;
using System.Text;
using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>The inputs the golden files were generated with (see docs/kubernetes.md for the command).</summary>
internal static class GoldenInputs
{
    public static readonly PullRequestId PullRequest = PullRequestId.From(7);

    /// <summary>Digests for the golden files: the SHA-256 of each image's name, so they are stable and obviously not real images.</summary>
    public static string Digests(params string[] images) =>
        string.Join(',', images.Select(i => $"{i}=sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(i)))}"));

    public static string PullRequestDigests => Digests("api", "worker", "frontend");

    public static string BaseDigests => Digests("postgres", "redis", "rabbitmq", "router", "provisioner", "waker");

    public static KubernetesGenerationOptions Options => GenerationArguments.Parse(
        ["--head-sha", "0123456789abcdef0123456789abcdef01234567", "--created-at", "2025-01-31T12:00:00Z", "--ttl", "3d", "--idle", "45m", "--image-digests", PullRequestDigests],
        "previews.example.com",
        () => throw new InvalidOperationException("created-at is given"));

    public static string ManifestJson => File.ReadAllText(Path.Combine(TestPaths.GoldenPullRequest, ManifestSetGenerator.AspireManifestFile));

    public static IReadOnlyList<GeneratedFile> Overlay() => ManifestSetGenerator.Generate(ManifestJson, [PullRequest], Options);

    public static IReadOnlyList<GeneratedFile> Base() => ManifestSetGenerator.Generate(
        File.ReadAllText(Path.Combine(TestPaths.Base, ManifestSetGenerator.AspireManifestFile)),
        [],
        GenerationArguments.Parse(["--image-tag", "0123456789abcdef0123456789abcdef01234567", "--image-digests", BaseDigests], "previews.example.com", () => DateTimeOffset.UnixEpoch));
}
