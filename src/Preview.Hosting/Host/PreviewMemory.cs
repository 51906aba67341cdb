using System.Globalization;
using System.Text;

namespace PreviewAspire.Hosting;

/// <summary>
/// Measures the memory each preview's processes use now: the proportional set size (PSS, shared pages split between
/// the processes sharing them, so the runtime's shared libraries are not counted once per process) from
/// <c>/proc/&lt;pid&gt;/smaps_rollup</c>, summed per PR. A preview's processes are those whose environment has
/// <c>Preview__PullRequest=&lt;id&gt;</c>, which every service of a preview gets.
/// </summary>
internal static class PreviewMemory
{
    private static readonly byte[] Variable = Encoding.ASCII.GetBytes("Preview__PullRequest=");

    /// <summary>PSS in bytes per PR with at least one running process; empty where <c>/proc</c> cannot be read.</summary>
    public static IReadOnlyDictionary<int, long> Measure()
    {
        var totals = new Dictionary<int, long>();
        if (!OperatingSystem.IsLinux())
        {
            return totals;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(directory);
            if (!pid.All(char.IsAsciiDigit) || PullRequestOf(directory) is not { } pullRequest || PssBytes(directory) is not { } pss)
            {
                continue;
            }

            totals[pullRequest] = totals.GetValueOrDefault(pullRequest) + pss;
        }

        return totals;
    }

    private static int? PullRequestOf(string process)
    {
        byte[] environment;
        try
        {
            environment = File.ReadAllBytes(Path.Combine(process, "environ"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // Gone meanwhile, or not ours.
        }

        foreach (var range in environment.AsSpan().Split((byte)0))
        {
            var entry = environment.AsSpan(range);
            if (entry.StartsWith(Variable) && int.TryParse(entry[Variable.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var pullRequest))
            {
                return pullRequest;
            }
        }

        return null;
    }

    private static long? PssBytes(string process)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(process, "smaps_rollup")))
            {
                // "Pss:               12345 kB"
                if (line.StartsWith("Pss:", StringComparison.Ordinal) &&
                    long.TryParse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
                {
                    return kilobytes * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
