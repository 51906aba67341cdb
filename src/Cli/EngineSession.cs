using System.Diagnostics;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Cli;

/// <summary>
/// Access to the local engines: those of the running AppHost, or — when none runs — the same engines started for the
/// duration of one command by the AppHost in <c>--engines-only</c> mode, stopped again afterwards.
/// </summary>
internal sealed class EngineSession : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(3);
    private readonly Process? _enginesOnly;

    private EngineSession(EngineConnections engines, IReadOnlyList<ServedPreview> served, Process? enginesOnly)
    {
        Engines = engines;
        Served = served;
        _enginesOnly = enginesOnly;
    }

    public EngineConnections Engines { get; }

    /// <summary>The previews the running host serves (none when the engines were started for this command).</summary>
    public IReadOnlyList<ServedPreview> Served { get; }

    public static async Task<EngineSession> OpenAsync(Workspace workspace, Action<string> progress, CancellationToken cancellationToken)
    {
        if (await FromRunningHostAsync(workspace, null, cancellationToken).ConfigureAwait(false) is { } running)
        {
            return running;
        }

        if (!Directory.Exists(workspace.State.EngineDirectory("postgres")))
        {
            throw new CliException($"No local engines exist yet under {workspace.State.Root}: nothing has been previewed here.", exitCode: 0);
        }

        progress("starting the local engines (no preview host is running)");
        var process = StartEnginesOnly(workspace);
        var deadline = DateTime.UtcNow + StartPatience;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                // A host that started meanwhile makes the engines-only run step aside (exit code 4): use that host.
                if (process.ExitCode == 4 && await FromRunningHostAsync(workspace, null, cancellationToken).ConfigureAwait(false) is { } host)
                {
                    return host;
                }

                throw new CliException($"The engines could not be started (AppHost exited with {process.ExitCode}); run eng/run.sh to see why.");
            }

            if (await FromRunningHostAsync(workspace, process, cancellationToken).ConfigureAwait(false) is { } started)
            {
                return started;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        await StopAsync(process).ConfigureAwait(false);
        throw new CliException($"The local engines did not become healthy within {StartPatience.TotalMinutes:0} minutes.");
    }

    private static async Task<EngineSession?> FromRunningHostAsync(Workspace workspace, Process? enginesOnly, CancellationToken cancellationToken)
    {
        var engines = await HostRequests.AskAsync(workspace, new HostRequest(HostVerbs.Engines), cancellationToken).ConfigureAwait(false);
        if (engines is null)
        {
            return null;
        }

        if (engines.Engines is null)
        {
            throw new CliException(engines.Message ?? "The preview host did not say where its engines are.");
        }

        var list = enginesOnly is null ? await HostRequests.AskAsync(workspace, new HostRequest(HostVerbs.List), cancellationToken).ConfigureAwait(false) : null;
        return new EngineSession(engines.Engines, list?.Previews ?? [], enginesOnly);
    }

    public async ValueTask DisposeAsync()
    {
        if (_enginesOnly is not null)
        {
            await StopAsync(_enginesOnly).ConfigureAwait(false);
        }
    }

    private static Process StartEnginesOnly(Workspace workspace)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var appHost = Path.Combine(workspace.AppHostProject, "bin", "Debug", "net10.0", "AppHost.dll");
        if (!File.Exists(appHost))
        {
            using var build = Process.Start("dotnet", ["build", workspace.AppHostProject, "--verbosity", "quiet", "--nologo"]);
            build.WaitForExit();
            if (build.ExitCode != 0)
            {
                throw new CliException("Building the AppHost failed; run 'dotnet build src/AppHost' to see why.");
            }
        }

        // The AppHost runs directly (not under 'dotnet run') so SIGTERM reaches it and it stops its engines gracefully.
        foreach (var arg in new[] { appHost, "--engines-only", "--infrastructure", "process", "--state-dir", workspace.State.Root })
        {
            startInfo.ArgumentList.Add(arg);
        }

        var process = Process.Start(startInfo) ?? throw new CliException("Could not start 'dotnet'; is the .NET SDK on PATH?");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }
}
