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

    /// <summary>PR 7 forking only the frontend (<c>--fork frontend</c>): no data, the API is the baseline's.</summary>
    public static IReadOnlyList<GeneratedFile> FrontendFork() => ManifestSetGenerator.Generate(ManifestJson, [PullRequest], Options with { Fork = ["frontend"] });

    /// <summary>PR 7 forking the API (<c>--fork api</c>): the worker shares its data, so it is forked too.</summary>
    public static IReadOnlyList<GeneratedFile> ApiFork() => ManifestSetGenerator.Generate(ManifestJson, [PullRequest], Options with { Fork = ["api"] });

    /// <summary>The AppHost's aspire-manifest.json with <c>--pr main</c>.</summary>
    public static string BaselineManifestJson => File.ReadAllText(Path.Combine(TestPaths.Baseline, ManifestSetGenerator.AspireManifestFile));

    /// <summary>The baseline's overlay (<c>--pr main</c>), with the PR's options.</summary>
    public static IReadOnlyList<GeneratedFile> Baseline() => ManifestSetGenerator.GenerateBaseline(BaselineManifestJson, Options);

    /// <summary>Every golden output by the name the theories use: a PR's overlay, the base, two fork sets and the baseline.</summary>
    public static TheoryData<string> Sets => ["overlay", "base", "fork-frontend", "fork-api", "baseline"];

    /// <summary>The files of one of <see cref="Sets"/>.</summary>
    public static IReadOnlyList<GeneratedFile> Set(string name) => name switch
    {
        "overlay" => Overlay(),
        "base" => Base(),
        "fork-frontend" => FrontendFork(),
        "fork-api" => ApiFork(),
        "baseline" => Baseline(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static IReadOnlyList<GeneratedFile> Base() => ManifestSetGenerator.Generate(
        File.ReadAllText(Path.Combine(TestPaths.Base, ManifestSetGenerator.AspireManifestFile)),
        [],
        GenerationArguments.Parse(["--image-tag", "0123456789abcdef0123456789abcdef01234567", "--image-digests", BaseDigests], "previews.example.com", () => DateTimeOffset.UnixEpoch));
}
