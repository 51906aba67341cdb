using System.Runtime.InteropServices;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;

namespace PreviewAspire.AppHost;

/// <summary>
/// Has the AppHost already running on the state directory serve this run's PRs in its standby slots: no second
/// orchestrator, so a PR is up in the seconds its provisioning and services take. The PRs are served while this process
/// runs; Ctrl+C (or SIGTERM) stops them and frees the slots.
/// </summary>
internal static class StandbyClient
{
    private static readonly TimeSpan AnswerPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReleasePatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Asks <paramref name="joined"/> for <paramref name="options"/>' PRs and serves them until stopped. Returns the exit
    /// code, or null when the running AppHost has no free slot for them (nothing was started; the caller starts them itself).
    /// </summary>
    public static int? Serve(PreviewStateDirectory state, EngineRuntime joined, PreviewOptions options)
    {
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var pid = Environment.ProcessId;
        StandbyRequestFiles.WriteRequest(state.Root, pid, [.. options.PullRequests.Select(pr => pr.Value)]);
        try
        {
            return WaitUntilServed(state, joined, options, pid, stop.Token);
        }
        finally
        {
            StandbyRequestFiles.DeleteRequest(state.Root, pid);
            WaitForRelease(state, joined, pid);
        }
    }

    private static int? WaitUntilServed(PreviewStateDirectory state, EngineRuntime joined, PreviewOptions options, int pid, CancellationToken stop)
    {
        var deadline = DateTime.UtcNow + AnswerPatience;
        string? shown = null;
        while (!stop.IsCancellationRequested)
        {
            if (!LocalProcess.IsAlive(joined.AppHostPid))
            {
                Console.Error.WriteLine($"The AppHost (pid {joined.AppHostPid}) this run asked to serve its PRs has stopped; start this run again.");
                return 3;
            }

            var response = StandbyRequestFiles.ReadResponse(state.Root, pid);
            switch (response?.Status)
            {
                case null when DateTime.UtcNow > deadline:
                    Console.Error.WriteLine($"The AppHost (pid {joined.AppHostPid}) did not answer within {AnswerPatience.TotalSeconds:0} s; starting the PRs in an AppHost of this run's own.");
                    return null;
                case StandbyStatus.NoFreeSlot:
                    Console.Error.WriteLine($"{response.Message} Starting the PRs in an AppHost of this run's own, which joins it.");
                    return null;
                case StandbyStatus.Failed:
                    Console.Error.WriteLine(response.Message);
                    return 3;
                case StandbyStatus.Starting when response.Message != shown:
                    Console.WriteLine($"Asked the AppHost (pid {joined.AppHostPid}) running on {state.Root} to serve the PRs: {response.Message}.");
                    shown = response.Message;
                    break;
                case StandbyStatus.Ready:
                    Console.WriteLine(PreviewBanner.Lines(options.PullRequests, joined.Router!,
                        $"PreviewAspire joined the AppHost (pid {joined.AppHostPid}) running on this state directory; it serves in standby slots, behind its router:",
                        dashboard: null,
                        "Their resources are in that AppHost's dashboard. They use its engines and stop with it. Ctrl+C stops only the PRs above."));
                    return ServeUntilStopped(state, joined, pid, stop);
            }

            stop.WaitHandle.WaitOne(100);
        }

        return 0;
    }

    private static int ServeUntilStopped(PreviewStateDirectory state, EngineRuntime joined, int pid, CancellationToken stop)
    {
        while (!stop.WaitHandle.WaitOne(500))
        {
            if (!LocalProcess.IsAlive(joined.AppHostPid))
            {
                Console.Error.WriteLine($"The AppHost (pid {joined.AppHostPid}) serving these PRs has stopped, and with it their engines and router.");
                return 3;
            }

            if (StandbyRequestFiles.ReadResponse(state.Root, pid) is { Status: StandbyStatus.Failed } failed)
            {
                Console.Error.WriteLine(failed.Message);
                return 3;
            }
        }

        Console.WriteLine("Stopping the PRs.");
        return 0;
    }

    // The request is withdrawn; the AppHost stops the services and removes its answer. Waiting for that means that when
    // this process has exited, the PRs are no longer served.
    private static void WaitForRelease(PreviewStateDirectory state, EngineRuntime joined, int pid)
    {
        var deadline = DateTime.UtcNow + ReleasePatience;
        while (StandbyRequestFiles.ReadResponse(state.Root, pid) is not null && LocalProcess.IsAlive(joined.AppHostPid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
    }
}
