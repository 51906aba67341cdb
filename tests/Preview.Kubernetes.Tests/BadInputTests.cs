using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>Bad input gives a clear error and writes nothing.</summary>
public sealed class BadInputTests
{
    private static KubernetesGenerationOptions Parse(params string[] args) =>
        GenerationArguments.Parse(args, PreviewNames.DefaultDomain, () => DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("--image-registry", "Not A Registry", "--image-registry")]
    [InlineData("--image-registry", "ghcr.io/Acme/x", "--image-registry")]
    [InlineData("--image-tag", "bad:tag", "--image-tag")]
    [InlineData("--image-tag", "-leading", "--image-tag")]
    [InlineData("--head-sha", "not-a-sha", "--head-sha")]
    [InlineData("--ttl", "7 days", "--ttl")]
    [InlineData("--ttl", "0d", "--ttl")]
    [InlineData("--created-at", "yesterday", "--created-at")]
    [InlineData("--idle", "soon", "--idle")]
    [InlineData("--image-digests", "api=sha256:abc", "--image-digests")]
    [InlineData("--image-digests", "api=latest", "--image-digests")]
    [InlineData("--image-digests", "API=sha256:0000000000000000000000000000000000000000000000000000000000000000", "--image-digests")]
    public void MalformedArgumentsAreRejected(string option, string value, string named)
    {
        var error = Assert.Throws<ManifestInputException>(() => Parse(option, value));
        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingValueIsRejected() =>
        Assert.Contains("needs a value", Assert.Throws<ManifestInputException>(() => Parse("--image-tag")).Message, StringComparison.Ordinal);

    [Fact]
    public void DefaultsAreSensible()
    {
        var digest = "sha256:" + new string('a', 64);
        var options = Parse("--head-sha", "abcdef1", "--image-digests", $"api={digest}");
        Assert.Equal($"localhost:5000/preview-aspire/api:abcdef1@{digest}", options.Images.For("api"));
        Assert.Equal(TimeSpan.FromDays(7), options.Ttl);
        Assert.Equal(TimeSpan.FromMinutes(30), options.Idle);
        Assert.Equal($"registry.example.com:5000/team/api:v1.2@{digest}", Parse("--image-registry=registry.example.com:5000/team/", "--image-tag=v1.2", $"--image-digests=api={digest}").Images.For("api"));
    }

    [Fact]
    public void AnImageWithoutADigestIsRejected()
    {
        var options = GoldenInputs.Options with { Images = ContainerImages.Create(null, null, GoldenInputs.Digests("api", "frontend")) };
        var error = Assert.Throws<ManifestInputException>(() => ManifestSetGenerator.Generate(GoldenInputs.ManifestJson, [GoldenInputs.PullRequest], options));
        Assert.Equal($"--image-digests: no digest for 'worker'; every image is pinned by digest, expected {ContainerImages.DigestsForm}.", error.Message);
    }

    [Fact]
    public void ManifestWithoutThePullRequestIsRejected()
    {
        var error = Assert.Throws<ManifestInputException>(() => ManifestSetGenerator.Generate(GoldenInputs.ManifestJson, [PullRequestId.From(8)], GoldenInputs.Options));
        Assert.Contains("--pr 8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    public void MalformedManifestIsRejected(string json) =>
        Assert.Throws<ManifestInputException>(() => ManifestSetGenerator.Generate(json, [GoldenInputs.PullRequest], GoldenInputs.Options));

    [Fact]
    public void UnwritableOutputDirectoryIsRejectedAndNothingIsCreated()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<ManifestInputException>(() => StagedDirectory.Begin(Path.Combine(file, "pr-7")));
            Assert.StartsWith("Cannot write manifests to", error.Message, StringComparison.Ordinal);
            Assert.Throws<ManifestInputException>(() => StagedDirectory.Begin(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void FailureBeforeCommitLeavesPreviousOutputUntouched()
    {
        var target = Path.Combine(Path.GetTempPath(), $"staged-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "old.yaml"), "old\n");
        try
        {
            string staging;
            using (var staged = StagedDirectory.Begin(target))
            {
                staging = staged.StagingPath;
                staged.Write([new GeneratedFile("new.yaml", "new\n")]);
            }

            Assert.False(Directory.Exists(staging));
            Assert.Equal(["old.yaml"], Directory.GetFiles(target).Select(Path.GetFileName));

            using (var staged = StagedDirectory.Begin(target))
            {
                staged.Write([new GeneratedFile("new.yaml", "new\n")]);
                staged.Commit();
            }

            Assert.Equal(["new.yaml"], Directory.GetFiles(target).Select(Path.GetFileName));
            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.*"));
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }
}
