using Aspire.Hosting;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// Makes the host's exit mean that everything it started has stopped. Aspire stops the resources before the host exits
/// (<c>DcpPublisher:WaitForResourceCleanup</c>), but the orchestrator (DCP) runs detached and only notices seconds later
/// that the host is gone. Its processes are noted once they run and ended, after that cleanup, as the host exits.
/// </summary>
internal static class OrchestratorProcesses
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>Ends this host's orchestrator processes when the process exits.</summary>
    public static void StopWithHost(IDistributedApplicationBuilder builder)
    {
        IReadOnlyList<LinuxProcess> orchestrator = [];
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((_, _) =>
        {
            orchestrator = Find();
            return Task.CompletedTask;
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Terminate(orchestrator);
    }

    // DCP's API server monitors this process; its controllers and their helpers are its children, in their own sessions.
    private static List<LinuxProcess> Find()
    {
        var all = LinuxProcess.All();
        var monitor = $"--monitor {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} ";
        var servers = all.Where(p => (p.CommandLine + " ").Contains(monitor, StringComparison.Ordinal)).ToList();
        var children = all.Where(p => servers.Any(s => s.Pid == p.ParentPid)).ToList();
        return [.. servers, .. children];
    }

    private static void Terminate(IReadOnlyList<LinuxProcess> orchestrator)
    {
        if (orchestrator.Count == 0)
        {
            return;
        }

        var sessions = orchestrator.Select(p => p.Session).ToHashSet();
        var remaining = LinuxProcess.All().Where(p => orchestrator.Any(o => o.SameAs(p)) || sessions.Contains(p.Session)).ToList();
        foreach (var process in remaining)
        {
            process.Signal(LinuxProcess.Sigterm);
        }

        var deadline = DateTime.UtcNow + Patience;
        while (remaining.Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            remaining = [.. remaining.Where(p => p.IsRunning)];
        }

        foreach (var process in remaining)
        {
            process.Signal(LinuxProcess.Sigkill);
        }
    }
}
