using System.Diagnostics;

namespace PreviewAspire.Hosting.Engines;

/// <summary>Runs a short-lived setup command (initdb, chown) and turns a failure into a readable error.</summary>
public static class ExternalCommand
{
    /// <summary>Runs <paramref name="command"/> to completion; throws <see cref="PreviewPrerequisiteException"/> with its output when it fails.</summary>
    public static async Task RunAsync(string command, IEnumerable<string> args, CancellationToken cancellationToken, IDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new PreviewPrerequisiteException($"Could not start '{command}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var output = ((await stderr.ConfigureAwait(false)) + (await stdout.ConfigureAwait(false))).Trim();
            throw new PreviewPrerequisiteException($"'{Path.GetFileName(command)} {string.Join(' ', startInfo.ArgumentList)}' failed with exit code {process.ExitCode}: {output}");
        }
    }
}
