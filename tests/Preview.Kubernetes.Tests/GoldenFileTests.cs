namespace PreviewAspire.Kubernetes.Tests;

/// <summary>The generated files are byte-identical to the checked-in expectations, and stable across runs.</summary>
public sealed class GoldenFileTests
{
    [Fact]
    public void Pr7OverlayMatchesGoldenFiles()
    {
        var generated = GoldenInputs.Overlay();
        var expected = Directory.GetFiles(TestPaths.GoldenPullRequest, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(expected, generated.Select(f => f.Path).Order(StringComparer.Ordinal));
        foreach (var file in generated)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.GoldenPullRequest, file.Path)), file.Content);
        }
    }

    [Fact]
    public void CheckedInBaseMatchesGenerator()
    {
        foreach (var file in GoldenInputs.Base())
        {
            Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.Base, file.Path)), file.Content);
        }
    }

    [Fact]
    public void SameInputsGiveIdenticalOutput()
    {
        Assert.Equal(GoldenInputs.Overlay(), GoldenInputs.Overlay());
    }

    [Fact]
    public void CreatedAtChangesOnlyTheNamespaceLifetime()
    {
        var later = ManifestSetGenerator.Generate(GoldenInputs.ManifestJson, [GoldenInputs.PullRequest], GoldenInputs.Options with { CreatedAt = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero) });
        var changed = GoldenInputs.Overlay().Zip(later).Where(pair => pair.First != pair.Second).Select(pair => pair.First.Path);
        Assert.Equal(["namespace.yaml"], changed);
        Assert.Contains("preview-aspire.io/expires-at: 2025-02-04T00:00:00Z", later.Single(f => f.Path == "namespace.yaml").Content, StringComparison.Ordinal);
    }
}
