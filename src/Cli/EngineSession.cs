using System.Diagnostics;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Cli;

/// <summary>
/// Access to the local engines: those of the running AppHost, or — when none runs — the same engines started for the
/// duration of one command by the AppHost in <c>--engines-only</c> mode, stopped again afterwards.
/// </summary>
internal sealed class EngineSession : IAsyncDisposable
{
    private readonly Process? _enginesOnly;

    private EngineSession(EngineConnections engines, IReadOnlyList<int> runningPullRequests, Process? enginesOnly)
    {
        Engines = engines;
        RunningPullRequests = runningPullRequests;
        _enginesOnly = enginesOnly;
    }

    public EngineConnections Engines { get; }

    /// <summary>The PRs a running AppHost serves (empty when the engines were started for this command).</summary>
    public IReadOnlyList<int> RunningPullRequests { get; }

    public static async Task<EngineSession> OpenAsync(Workspace workspace, Action<string> progress, CancellationToken cancellationToken)
    {
        if (workspace.AppHostRunning)
        {
            var running = EngineRuntimeFile.TryRead(workspace.StateDirectory)
                ?? throw new CliException("An AppHost is starting on this state directory; wait until its engines are healthy and try again.");
            // PRs added to the running AppHost (in a standby slot or by a joining AppHost) count as running too.
            var joined = PreviewRouteFiles.LiveOwners(workspace.StateDirectory).Keys;
            return new EngineSession(running.Engines, [.. running.PullRequests.Union(joined)], null);
        }

        if (!Directory.Exists(Path.Combine(workspace.StateDirectory, "postgres")))
        {
            throw new CliException($"No local engines exist yet under {workspace.StateDirectory}: nothing has been previewed here.", exitCode: 0);
        }

        progress("starting the local engines (no AppHost is running)");
        EngineRuntimeFile.Delete(workspace.StateDirectory);
        var process = StartEnginesOnly(workspace);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new CliException($"The engines could not be started (AppHost exited with {process.ExitCode}); run eng/run.sh --pr <id> to see why.");
            }

            if (EngineRuntimeFile.TryRead(workspace.StateDirectory) is { } started)
            {
                return new EngineSession(started.Engines, [], process);
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        await StopAsync(process).ConfigureAwait(false);
        throw new CliException("The local engines did not become healthy within 3 minutes.");
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
        foreach (var arg in new[] { appHost, "--engines-only", "--infrastructure", "process", "--state-dir", workspace.StateDirectory })
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LoopbackPort.Free()}";
        startInfo.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPort.Free()}";
        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
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
