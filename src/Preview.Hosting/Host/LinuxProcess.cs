using System.Globalization;
using System.Runtime.InteropServices;

namespace PreviewAspire.Hosting;

/// <summary>A process as <c>/proc</c> shows it: enough to find a process tree and end it without touching a reused pid.</summary>
internal sealed record LinuxProcess(int Pid, int ParentPid, int Session, long StartTime, string CommandLine)
{
    public const int Sigterm = 15;
    public const int Sigkill = 9;

    /// <summary>Every process that can be read now.</summary>
    public static List<LinuxProcess> All()
    {
        var processes = new List<LinuxProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } process)
            {
                processes.Add(process);
            }
        }

        return processes;
    }

    /// <summary>The process now, or null when it is gone (or a zombie).</summary>
    public static LinuxProcess? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses: the fields follow the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z")
            {
                return null;
            }

            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();
            return new LinuxProcess(pid, Field(fields, 1), Field(fields, 3), long.Parse(fields[19], CultureInfo.InvariantCulture), commandLine);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>True while this very process (not a later one with the same pid) runs.</summary>
    public bool IsRunning => Read(Pid) is { } now && SameAs(now);

    /// <summary>True when <paramref name="other"/> is this process.</summary>
    public bool SameAs(LinuxProcess other) => other.Pid == Pid && other.StartTime == StartTime;

    /// <summary>Sends <paramref name="signal"/> if this process still runs.</summary>
    public void Signal(int signal)
    {
        if (IsRunning)
        {
            _ = Kill(Pid, signal);
        }
    }

    private static int Field(string[] fields, int index) => int.Parse(fields[index], CultureInfo.InvariantCulture);

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for one call to kill(2).
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
