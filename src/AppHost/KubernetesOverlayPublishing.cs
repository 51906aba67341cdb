using System.Diagnostics;
using System.Globalization;
using PreviewAspire.Hosting;
using PreviewAspire.Kubernetes;
using PreviewAspire.Kubernetes.Output;

namespace PreviewAspire.AppHost;

/// <summary>
/// In <c>--publisher manifest</c> runs, writes the Kubernetes output beside Aspire's <c>aspire-manifest.json</c>: the PR's
/// overlay (only its forks with <c>--fork</c>), the baseline's with <c>--pr main</c>, or the shared base without <c>--pr</c>.
/// Aspire writes into a staging directory and everything is moved into
/// <c>--output-path</c> only once complete, so a failure leaves nothing half-written. With <c>--kubernetes-output off</c>
/// only Aspire's manifest is written: CI reads the engines' images from it to resolve their digests before generating.
/// </summary>
internal static class KubernetesOverlayPublishing
{
    private const string OutputPathKey = "Pipeline:OutputPath";
    private const string KubernetesOutputKey = "kubernetes-output";

    /// <summary>Validates the generation arguments now (bad input creates nothing) and hooks generation after publishing.</summary>
    public static IDistributedApplicationBuilder AddKubernetesOverlay(this IDistributedApplicationBuilder builder, PreviewOptions options, string[] args)
    {
        var outputPath = builder.Configuration[OutputPathKey];
        if (!builder.ExecutionContext.IsPublishMode || string.IsNullOrWhiteSpace(outputPath))
        {
            return builder;
        }

        StagedDirectory staged;
        KubernetesGenerationOptions generation;
        try
        {
            if (outputPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                throw new ManifestInputException($"--output-path: '{outputPath}' names a file; expected a directory such as manifests/pr-42.");
            }

            var forks = PublishedForks.Of(options, builder);
            generation = GenerationArguments.Parse(args, options.Domain, () => HeadCommitTime(builder.AppHostDirectory)) with { Fork = forks };
            staged = StagedDirectory.Begin(Path.GetFullPath(outputPath, InvocationDirectory()));
        }
        catch (ManifestInputException ex)
        {
            throw new PreviewUsageException(ex.Message);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => staged.Dispose();
        builder.Configuration[OutputPathKey] = staged.StagingPath;
        builder.OnAfterPublish((_, _) =>
        {
            using (staged)
            {
                var kubernetes = !string.Equals(builder.Configuration[KubernetesOutputKey], "off", StringComparison.OrdinalIgnoreCase);
                if (kubernetes)
                {
                    var json = File.ReadAllText(Path.Combine(staged.StagingPath, ManifestSetGenerator.AspireManifestFile));
                    try
                    {
                        staged.Write(options.PublishBaseline
                            ? ManifestSetGenerator.GenerateBaseline(json, generation)
                            : ManifestSetGenerator.Generate(json, options.PullRequests, generation));
                    }
                    catch (ManifestInputException ex)
                    {
                        // Input only the model could judge (an image with no digest): reported as bad input, exit code 3.
                        throw new PreviewUsageException(ex.Message);
                    }
                }

                staged.Commit();
                Console.WriteLine(kubernetes ? $"Kubernetes manifests written to {staged.Target}" : $"Aspire manifest written to {staged.Target}");
            }

            return Task.CompletedTask;
        });
        return builder;
    }

    /// <summary>
    /// The directory the user ran <c>dotnet run</c> from: relative output paths mean the same as in any other command.
    /// <c>dotnet run</c> starts the AppHost in its project directory but keeps the shell's <c>PWD</c>.
    /// </summary>
    private static string InvocationDirectory() =>
        Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } pwd && Path.IsPathFullyQualified(pwd) && Directory.Exists(pwd)
            ? pwd
            : Environment.CurrentDirectory;

    /// <summary>The committer time of the checked-out commit: deterministic for a commit, unlike the clock.</summary>
    private static DateTimeOffset HeadCommitTime(string directory)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", directory, "log", "-1", "--format=%cI"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            if (git.ExitCode == 0 && DateTimeOffset.TryParse(output, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time.ToUniversalTime();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // git is not installed; fall through to the error below.
        }

        throw new ManifestInputException("--created-at is required when the head commit time cannot be read from git; expected ISO 8601 such as 2025-01-31T12:00:00Z.");
    }
}
