using System.Diagnostics;
using PreviewAspire.Kubernetes.Output;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary><c>kubectl kustomize</c> builds the overlay and the base (skipped silently where kubectl is not installed).</summary>
public sealed class KustomizeBuildTests
{
    [Fact]
    public void OverlayWorkloadsBuild() => AssertBuilds(GoldenInputs.Overlay(), string.Empty, expectedKinds: ["ConfigMap", "Deployment", "Service"]);

    [Fact]
    public void OverlayNamespaceBuilds() => AssertBuilds(GoldenInputs.Overlay(), PreviewOverlayGenerator.NamespaceDirectory, expectedKinds: ["Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "ServiceAccount", "Role", "RoleBinding"]);

    [Theory]
    [InlineData("fork-frontend")]
    [InlineData("fork-api")]
    [InlineData("baseline")]
    public void ForkAndBaselineOverlaysBuild(string set)
    {
        AssertBuilds(GoldenInputs.Set(set), string.Empty, expectedKinds: ["ConfigMap", "Deployment", "Service"]);
        AssertBuilds(GoldenInputs.Set(set), PreviewOverlayGenerator.NamespaceDirectory, expectedKinds: ["Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "ServiceAccount", "Role", "RoleBinding"]);
    }

    [Fact]
    public void BaseBuilds() => AssertBuilds(GoldenInputs.Base(), string.Empty, expectedKinds: ["Namespace", "NetworkPolicy", "StatefulSet", "Deployment", "Service", "Ingress", "CronJob", "ClusterRole", "ClusterRoleBinding"]);

    private static void AssertBuilds(IReadOnlyList<GeneratedFile> files, string kustomization, string[] expectedKinds)
    {
        var target = Path.Combine(Path.GetTempPath(), $"kustomize-test-{Guid.NewGuid():N}");
        using (var staged = StagedDirectory.Begin(target))
        {
            staged.Write(files);
            staged.Commit();
        }

        try
        {
            var (exitCode, output, error) = Run("kubectl", "kustomize", Path.Combine(target, kustomization));
            if (exitCode is null)
            {
                return; // kubectl is not installed on this machine.
            }

            Assert.True(exitCode == 0, error);
            foreach (var kind in expectedKinds)
            {
                Assert.Contains($"\nkind: {kind}\n", output, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    private static (int? ExitCode, string Output, string Error) Run(string fileName, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(fileName, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, string.Empty, string.Empty);
        }
    }
}
