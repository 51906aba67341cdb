using System.Diagnostics;
using System.Globalization;

namespace PreviewAspire.Manifests.Bench;

/// <summary>Runs the built AppHost in publish mode, exactly as CI does, and times it end to end.</summary>
internal static class AppHostRun
{
    /// <summary>Placeholder digests (images are always pinned by digest; the benchmark deploys nothing).</summary>
    public const string BenchDigests =
        "api=sha256:0000000000000000000000000000000000000000000000000000000000000000," +
        "worker=sha256:0000000000000000000000000000000000000000000000000000000000000000," +
        "frontend=sha256:0000000000000000000000000000000000000000000000000000000000000000";

    public static TimeSpan Generate(string repositoryRoot, IEnumerable<int> pullRequests, string outputPath)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", "--no-build", "--project", "src/AppHost", "--" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var pr in pullRequests)
        {
            start.ArgumentList.Add("--pr");
            start.ArgumentList.Add(pr.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var arg in new[] { "--publisher", "manifest", "--output-path", outputPath, "--created-at", "2025-01-31T12:00:00Z", "--head-sha", "0123456789abcdef", "--image-digests", BenchDigests })
        {
            start.ArgumentList.Add(arg);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        stopwatch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The AppHost failed ({process.ExitCode}): {error}{output.Result}");
        }

        return stopwatch.Elapsed;
    }
}
