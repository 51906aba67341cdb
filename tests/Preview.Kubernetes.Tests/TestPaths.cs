namespace PreviewAspire.Kubernetes.Tests;

/// <summary>Locates the repository's checked-in inputs and expectations from the test output directory.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The golden files for PR 7: the AppHost's aspire-manifest.json (input) and the expected overlay.</summary>
    public static string GoldenPullRequest => Path.Combine(RepositoryRoot, "tests", "Preview.Kubernetes.Tests", "Golden", "pr-7");

    /// <summary>The golden shared base: the AppHost's aspire-manifest.json without --pr (input) and the expected base.</summary>
    public static string Base => Path.Combine(RepositoryRoot, "tests", "Preview.Kubernetes.Tests", "Golden", "base");

    /// <summary>The golden overlay of PR 7 forking only <paramref name="fork"/> (input: PR 7's aspire-manifest.json).</summary>
    public static string GoldenFork(string fork) => Path.Combine(RepositoryRoot, "tests", "Preview.Kubernetes.Tests", "Golden", $"pr-7-fork-{fork}");

    /// <summary>The golden baseline: the AppHost's aspire-manifest.json with <c>--pr main</c> (input) and the expected overlay.</summary>
    public static string Baseline => Path.Combine(RepositoryRoot, "tests", "Preview.Kubernetes.Tests", "Golden", "main");

    /// <summary>The GitHub Actions workflows.</summary>
    public static string Workflows => Path.Combine(RepositoryRoot, ".github", "workflows");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PreviewAspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PreviewAspire.sln not found above the test output directory.");
    }
}
