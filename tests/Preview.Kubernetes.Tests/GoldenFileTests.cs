using PreviewAspire.Kubernetes.Output;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>
/// The generated files are byte-identical to the checked-in expectations, and stable across runs. After an intended
/// change, run the tests once with <c>PREVIEW_UPDATE_GOLDEN=1</c> to rewrite the expectations, and review the diff.
/// </summary>
public sealed class GoldenFileTests
{
    [Fact]
    public void Pr7OverlayMatchesGoldenFiles() => AssertGolden(TestPaths.GoldenPullRequest, GoldenInputs.Overlay());

    [Fact]
    public void BaseMatchesGoldenFiles() => AssertGolden(TestPaths.Base, GoldenInputs.Base());

    [Fact]
    public void FrontendForkMatchesGoldenFiles() => AssertGolden(TestPaths.GoldenFork("frontend"), GoldenInputs.FrontendFork());

    [Fact]
    public void ApiForkMatchesGoldenFiles() => AssertGolden(TestPaths.GoldenFork("api"), GoldenInputs.ApiFork());

    [Fact]
    public void BaselineMatchesGoldenFiles() => AssertGolden(TestPaths.Baseline, GoldenInputs.Baseline());

    [Theory]
    [MemberData(nameof(GoldenInputs.Sets), MemberType = typeof(GoldenInputs))]
    public void SameInputsGiveIdenticalOutput(string set) => Assert.Equal(GoldenInputs.Set(set), GoldenInputs.Set(set));

    [Fact]
    public void CreatedAtChangesOnlyTheNamespaceLifetime()
    {
        var later = ManifestSetGenerator.Generate(GoldenInputs.ManifestJson, [GoldenInputs.PullRequest], GoldenInputs.Options with { CreatedAt = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero) });
        var changed = GoldenInputs.Overlay().Zip(later).Where(pair => pair.First != pair.Second).Select(pair => pair.First.Path);
        Assert.Equal(["namespace/namespace.yaml"], changed);
        Assert.Contains("preview-aspire.io/expires-at: 2025-02-04T00:00:00Z", later.Single(f => f.Path == "namespace/namespace.yaml").Content, StringComparison.Ordinal);
    }

    private static void AssertGolden(string directory, IReadOnlyList<GeneratedFile> generated)
    {
        if (Environment.GetEnvironmentVariable("PREVIEW_UPDATE_GOLDEN") == "1")
        {
            foreach (var stale in Directory.GetFiles(directory, "*.yaml", SearchOption.AllDirectories))
            {
                File.Delete(stale);
            }

            foreach (var file in generated)
            {
                var path = Path.Combine(directory, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
            }
        }

        var expected = Directory.GetFiles(directory, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, generated.Select(f => f.Path).Order(StringComparer.Ordinal));
        foreach (var file in generated)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(directory, file.Path)), file.Content);
        }
    }
}
