using Aspire.Hosting;
using System.Runtime.InteropServices;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// Where an AppHost run begins. The first run on a state directory becomes its host: it holds the directory's lock and
/// runs the engines, the router, its PRs and the slots. A later run never starts a second orchestrator or dashboard: it
/// asks the host, over the control socket, to serve its PRs, and keeps them served until Ctrl+C or SIGTERM.
/// </summary>
public static class PreviewHost
{
    private static readonly TimeSpan StartingHostPatience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Validates the preview arguments and returns the host's application builder, with the preview settings attached.
    /// Does not return (the process exits) on bad input — one line, exit code 2 — or when a host already runs on the state
    /// directory: then this run serves its PRs through that host and exits with the client's exit code.
    /// </summary>
    public static IDistributedApplicationBuilder CreateBuilder(string[] args)
    {
        var isPublish = PublishArguments.IsPublish(args);
        PreviewOptions options;
        try
        {
            options = PreviewCommandLine.Parse(args, new ConfigurationBuilder().AddEnvironmentVariables().Build());
        }
        catch (PreviewUsageException ex)
        {
            return Exit(ex.Message, 2);
        }

        if (options.PublishBaseline && !isPublish)
        {
            return Exit($"--pr {PreviewNames.BaselineKey}: the baseline's manifests are published with --publisher manifest; in run mode the host runs the baseline itself (--baseline).", 2);
        }

        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            // A missing prerequisite found while declaring the model: one line, not a stack trace.
            if (e.ExceptionObject is PreviewPrerequisiteException or PreviewUsageException or ProvisioningException)
            {
                Exit(((Exception)e.ExceptionObject).Message, 3);
            }
        };

        if (isPublish)
        {
            var publisher = DistributedApplication.CreateBuilder(args);
            new PreviewHostSettings(options, State: null).AttachTo(publisher);
            return publisher.ExitNonZeroWhenPublishFails();
        }

        var state = PreviewStateDirectory.Resolve(options.StateDirectory, AppContext.BaseDirectory);
        var held = state.HostRunning ? null : state.EnsureCreated().TryAcquireLock();
        if (held is null)
        {
            Environment.Exit(ServeThroughRunningHost(state, options));
        }

        if (!options.EnginesOnly)
        {
            DashboardDefaults.Apply();
        }

        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = options.EnginesOnly });
        // Previews run offline and unattended as often as not: the check for newer Aspire packages only costs start-up time.
        builder.Configuration["ASPIRE_VERSION_CHECK_DISABLED"] = "true";
        // Stopping waits until every resource has stopped, so that the host exits only after its processes.
        builder.Configuration["DcpPublisher:WaitForResourceCleanup"] = "true";
        builder.Services.AddSingleton(new StateDirectoryLock(held!));
        new PreviewHostSettings(options, state).AttachTo(builder);
        OrchestratorProcesses.StopWithHost(builder);
        return builder;
    }

    private static int ServeThroughRunningHost(PreviewStateDirectory state, PreviewOptions options)
    {
        if (options.EnginesOnly)
        {
            Exit($"A preview host (pid {state.HolderPid}) runs on {state.Root}; use its engines.", 4);
            return 4;
        }

        if (options.PullRequests.Count == 0)
        {
            Exit($"A preview host (pid {state.HolderPid}) already runs on {state.Root}; pass --pr <number> to have it serve a PR, or stop it (Ctrl+C) first.", 2);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return ServeAsync(state, options, stop.Token).GetAwaiter().GetResult();
    }

    private static async Task<int> ServeAsync(PreviewStateDirectory state, PreviewOptions options, CancellationToken stop)
    {
        var deadline = DateTime.UtcNow + StartingHostPatience;
        var announced = false;
        while (true)
        {
            await using var connection = await HostConnection.TryConnectAsync(state, stop).ConfigureAwait(false);
            if (connection is not null)
            {
                Console.WriteLine($"Asking the preview host (pid {state.HolderPid}) on {state.Root} to serve {string.Join(", ", options.PullRequests.Select(pr => $"PR {pr}"))}.");
                return await HostClient.ServeAsync(connection, [.. options.PullRequests.Select(pr => pr.ToString())], detach: false, Console.Out, Console.Error, stop,
                    options.Fork, ChangedFilesOf(options)).ConfigureAwait(false);
            }

            if (!state.HostRunning)
            {
                Exit($"The preview host on {state.Root} stopped before this run could reach it; start this run again.", HostClient.NotServed);
            }

            if (DateTime.UtcNow > deadline || stop.IsCancellationRequested)
            {
                Exit($"The preview host (pid {state.HolderPid}) on {state.Root} did not open its control socket within {StartingHostPatience.TotalSeconds:0} s; look at its output, or stop it and start again.", HostClient.NotServed);
            }

            if (!announced)
            {
                Console.WriteLine($"A preview host (pid {state.HolderPid}) is starting on {state.Root}; waiting for it.");
                announced = true;
            }

            await Task.Delay(250, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // --changed-from is read from git here, in the checkout this run was started in; the host maps the files to services.
    private static ChangedFiles? ChangedFilesOf(PreviewOptions options)
    {
        if (options.ChangedFrom is not { } from)
        {
            return null;
        }

        if (!ChangedFromOption.TryRead(from, Directory.GetCurrentDirectory(), out var changed, out var error))
        {
            Exit(error, HostClient.BadInput);
        }

        return changed;
    }

    private static IDistributedApplicationBuilder Exit(string message, int exitCode)
    {
        Console.Error.WriteLine(message);
        Environment.Exit(exitCode);
        return null!;
    }

    /// <summary>The state directory's lock, held for the life of the host (a singleton, disposed with it).</summary>
    private sealed class StateDirectoryLock(IDisposable held) : IDisposable
    {
        public void Dispose() => held.Dispose();
    }
}
