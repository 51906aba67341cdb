using System.Globalization;
using System.Runtime.InteropServices;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// Pauses an engine of the running stack as an outage would (SIGSTOP on the resource's process and all its
/// descendants: Postgres backends, the Erlang VM) and resumes it. Resuming is always done, even when the test fails.
/// Or kills a resource's process outright, as a crash does.
/// </summary>
internal static class EngineProcesses
{
    private const int SigKill = 9;
    private const int SigStop = 19;
    private const int SigCont = 18;

    /// <summary>Stops <paramref name="resources"/>' process trees for <paramref name="pause"/> while <paramref name="during"/> runs, then resumes them.</summary>
    public static async Task PauseAsync(DistributedApplication app, string[] resources, TimeSpan pause, Func<Task>? during = null)
    {
        var pids = resources.SelectMany(r => TreeOf(PidOf(app, r))).ToList();
        try
        {
            Signal(pids, SigStop);
            var work = during?.Invoke() ?? Task.CompletedTask;
            await Task.Delay(pause);
            await work;
        }
        finally
        {
            Signal(pids, SigCont);
        }
    }

    /// <summary>The process id the dashboard shows for <paramref name="resource"/>.</summary>
    public static int PidOf(DistributedApplication app, string resource)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var state), $"No state for resource '{resource}'.");
        var pid = state!.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        return Convert.ToInt32(pid ?? throw new InvalidOperationException($"Resource '{resource}' shows no process id."), CultureInfo.InvariantCulture);
    }

    /// <summary>Kills <paramref name="pid"/> with SIGKILL: no chance to clean up, as a crash or the OOM killer leaves it.</summary>
    public static void Kill(int pid) => Signal([pid], SigKill);

    /// <summary><paramref name="root"/> and all its descendants.</summary>
    public static List<int> TreeOf(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children.GetValueOrDefault(tree[i]) ?? []);
        }

        return tree;
    }

    private static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
        {
            _ = kill(pid, signal);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
