using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// How this AppHost uses its state directory: it owns it (runs the engines and the router), or another AppHost already
/// does and this one joins it — its PRs run on the running engines and are served by the running router.
/// </summary>
public sealed class AppHostRole : IDisposable
{
    private readonly List<IDisposable> _locks;

    private AppHostRole(IEnumerable<IDisposable> locks, EngineRuntime? joined)
    {
        _locks = [.. locks];
        Joined = joined;
    }

    /// <summary>The running AppHost this one joins; null when this AppHost owns the state directory.</summary>
    public EngineRuntime? Joined { get; }

    /// <summary>
    /// Takes the state directory's lock, or — when a serving AppHost holds it — prepares to join that AppHost. While the
    /// holder is still bringing its engines up, waits up to <paramref name="patience"/> for them.
    /// </summary>
    /// <exception cref="PreviewPrerequisiteException">The holder cannot be joined, or a requested PR already runs there.</exception>
    public static AppHostRole Claim(PreviewStateDirectory state, PreviewOptions options, TimeSpan patience, Action<string> progress)
    {
        var deadline = DateTime.UtcNow + patience;
        var announced = false;
        while (true)
        {
            if (state.TryAcquireLock() is { } held)
            {
                PreviewRouteFiles.DeleteStale(state.Root);
                return new AppHostRole([held], null);
            }

            var holder = state.HolderPid;
            var running = EngineRuntimeFile.TryRead(state.Root);
            if (options.EnginesOnly)
            {
                // The CLI asks for engines only when it saw no AppHost; one started since. Take the lock if it was released
                // meanwhile, else fail with the holder's pid; the CLI then uses the running engines.
                return new AppHostRole([state.AcquireLock()], null);
            }

            if (running is not null && running.AppHostPid == holder)
            {
                if (running.Router is null)
                {
                    throw new PreviewPrerequisiteException(
                        $"The AppHost (pid {holder}) on {state.Root} runs the engines only, for a preview CLI command; start this preview again when that command has finished.");
                }

                RefuseRunningPullRequests(state, options, running);
                return new AppHostRole(ClaimPullRequests(state, options), running);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new PreviewPrerequisiteException(
                    $"The AppHost (pid {holder}) holding {state.Root} did not bring its engines up within {patience.TotalSeconds:0} s, so this one cannot join it. " +
                    "Look at that AppHost's output, or stop it (Ctrl+C) and start again.");
            }

            if (!announced)
            {
                progress($"Another AppHost (pid {holder}) is starting on {state.Root}; waiting for its engines to join it.");
                announced = true;
            }

            Thread.Sleep(250);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var held in _locks)
        {
            held.Dispose();
        }
    }

    /// <summary>One lock per joined PR, so two AppHosts joining with the same new PR at once cannot both serve it.</summary>
    private static List<IDisposable> ClaimPullRequests(PreviewStateDirectory state, PreviewOptions options)
    {
        var directory = Directory.CreateDirectory(PreviewRouteFiles.DirectoryIn(state.Root)).FullName;
        var held = new List<IDisposable>();
        foreach (var pullRequest in options.PullRequests)
        {
            try
            {
                held.Add(new FileStream(Path.Combine(directory, pullRequest.Names.Slug + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                held.ForEach(l => l.Dispose());
                throw new PreviewPrerequisiteException(
                    $"PR {pullRequest} is being started by another AppHost joining the one on {state.Root}; leave PR {pullRequest} out, or stop that AppHost first.");
            }
        }

        return held;
    }

    private static void RefuseRunningPullRequests(PreviewStateDirectory state, PreviewOptions options, EngineRuntime running)
    {
        var joined = PreviewRouteFiles.LiveOwners(state.Root);
        foreach (var pullRequest in options.PullRequests)
        {
            var owner = running.PullRequests.Contains(pullRequest.Value) ? running.AppHostPid
                : joined.TryGetValue(pullRequest.Value, out var pid) ? pid : (int?)null;
            if (owner is not null)
            {
                var url = $"http://{pullRequest.Names.Host(PreviewSurface.Frontend, running.Router!.Domain)}:{running.Router.Port}/";
                throw new PreviewPrerequisiteException(
                    $"PR {pullRequest} already runs in the AppHost with pid {owner} at {url}; stop that AppHost to restart it, or leave PR {pullRequest} out.");
            }
        }
    }
}
