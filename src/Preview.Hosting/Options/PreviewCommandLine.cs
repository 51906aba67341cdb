using System.Globalization;
using Microsoft.Extensions.Configuration;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// Reads the preview options from the AppHost's arguments and configuration. Arguments win over configuration:
/// <c>--pr N</c> (repeatable, or <c>Preview:PullRequests</c>; <c>--pr main</c> publishes the baseline), <c>--router-port N</c> (<c>Preview:RouterPort</c>),
/// <c>--domain D</c> (<c>Preview:Domain</c>), <c>--infrastructure auto|process|container</c> (<c>Preview:Infrastructure</c>),
/// <c>--state-dir PATH</c> (<c>Preview:StateDirectory</c>), <c>--slots N</c> (<c>Preview:Slots</c>),
/// <c>--idle-timeout D</c> (<c>Preview:IdleTimeout</c>), <c>--baseline true|false</c> (<c>Preview:Baseline</c>),
/// <c>--fork a,b</c> (<c>Preview:Fork</c>), <c>--changed-from REF</c> (<c>Preview:ChangedFrom</c>).
/// </summary>
public static class PreviewCommandLine
{
    private static readonly Dictionary<string, string> OptionKeys = new(StringComparer.Ordinal)
    {
        ["--router-port"] = "Preview:RouterPort",
        ["--domain"] = "Preview:Domain",
        ["--infrastructure"] = "Preview:Infrastructure",
        ["--state-dir"] = "Preview:StateDirectory",
        ["--slots"] = "Preview:Slots",
        ["--idle-timeout"] = "Preview:IdleTimeout",
        ["--baseline"] = "Preview:Baseline",
        ["--fork"] = "Preview:Fork",
        ["--changed-from"] = "Preview:ChangedFrom",
    };

    /// <summary>The usage line printed with every argument error.</summary>
    public const string Usage = "usage: [--pr <number> ... | --pr main (publish: the baseline)] [--router-port <port>] [--domain <domain>] [--infrastructure auto|process|container] [--state-dir <path>] [--slots <n>] [--idle-timeout <duration>] [--baseline true|false] [--fork <service,...> | --changed-from <git ref>] [--engines-only]";

    /// <summary>Parses and validates; throws <see cref="PreviewUsageException"/> with a one-line message on bad input.</summary>
    /// <param name="args">The AppHost's command-line arguments; unknown ones are left to Aspire.</param>
    /// <param name="configuration">Configuration consulted for anything the arguments do not say; may be null.</param>
    public static PreviewOptions Parse(IReadOnlyList<string> args, IConfiguration? configuration = null)
    {
        var prTexts = new List<string>();
        var enginesOnly = args.Contains("--engines-only");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = SplitInline(args[i]);
            if (name == "--pr")
            {
                prTexts.Add(inlineValue ?? NextValue(args, ref i, name));
            }
            else if (OptionKeys.TryGetValue(name, out var key))
            {
                values[key] = inlineValue ?? NextValue(args, ref i, name);
            }
        }

        if (prTexts.Count == 0 && configuration is not null)
        {
            prTexts.AddRange(ConfiguredPullRequests(configuration));
        }

        string? Setting(string key) => values.TryGetValue(key, out var v) ? v : configuration?[key];

        var publishBaseline = prTexts.Any(t => t.Trim() == PreviewNames.BaselineKey);
        var pullRequests = new SortedSet<PullRequestId>();
        foreach (var text in prTexts.Where(t => t.Trim() != PreviewNames.BaselineKey))
        {
            if (!PullRequestId.TryParse(text, out var id, out var error))
            {
                throw new PreviewUsageException($"--pr: {error}");
            }

            pullRequests.Add(id);
        }

        if (publishBaseline && (pullRequests.Count > 0 || Setting("Preview:Fork") is not null || Setting("Preview:ChangedFrom") is not null))
        {
            throw new PreviewUsageException($"--pr {PreviewNames.BaselineKey} publishes the baseline, every service: give it alone, without other PRs, --fork or --changed-from.");
        }

        return new PreviewOptions(
            [.. pullRequests],
            ParsePort(Setting("Preview:RouterPort")),
            ParseDomain(Setting("Preview:Domain")),
            ParseInfrastructure(Setting("Preview:Infrastructure")),
            string.IsNullOrWhiteSpace(Setting("Preview:StateDirectory")) ? null : Setting("Preview:StateDirectory"))
        {
            EnginesOnly = enginesOnly,
            PublishBaseline = publishBaseline,
            Slots = ParseSlots(Setting("Preview:Slots")),
            IdleTimeout = ParseIdleTimeout(Setting("Preview:IdleTimeout")),
            Baseline = ParseBaseline(Setting("Preview:Baseline")),
            Fork = ParseFork(Setting("Preview:Fork")),
            ChangedFrom = ParseChangedFrom(Setting("Preview:ChangedFrom"), Setting("Preview:Fork")),
        };
    }

    private static bool ParseBaseline(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "true" or "on" => true,
        "false" or "off" => false,
        _ => throw new PreviewUsageException($"--baseline: '{text}' is not true or false (default true)."),
    };

    /// <summary>Splits a <c>--fork</c> list: service names, comma-separated; empty entries and repeats are dropped.</summary>
    public static IReadOnlyList<string>? ParseFork(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var services = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        return services.Count > 0
            ? services
            : throw new PreviewUsageException("--fork: name at least one service, for example --fork frontend or --fork api,worker.");
    }

    private static string? ParseChangedFrom(string? gitRef, string? fork)
    {
        if (gitRef is null)
        {
            return null;
        }

        if (fork is not null)
        {
            throw new PreviewUsageException("--fork and --changed-from both decide what a PR forks; give one of them.");
        }

        return string.IsNullOrWhiteSpace(gitRef) || gitRef.TrimStart().StartsWith('-')
            ? throw new PreviewUsageException($"--changed-from: '{gitRef}' is not a git ref; expected a branch, tag or commit such as main or origin/main.")
            : gitRef.Trim();
    }

    private static IEnumerable<string> ConfiguredPullRequests(IConfiguration configuration)
    {
        var section = configuration.GetSection("Preview:PullRequests");
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return section.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }

        return section.GetChildren().Select(c => c.Value ?? string.Empty);
    }

    private static (string Name, string? Value) SplitInline(string arg)
    {
        var eq = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    private static string NextValue(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new PreviewUsageException($"{name} needs a value. {Usage}");
        }

        return args[++i];
    }

    private static int ParsePort(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return PreviewOptions.DefaultRouterPort;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new PreviewUsageException($"--router-port: '{text}' is not a TCP port; expected a whole number from 1 to 65535 (default {PreviewOptions.DefaultRouterPort}).");
        }

        return port;
    }

    private static int ParseSlots(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return PreviewOptions.DefaultSlots;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var slots) && slots <= PreviewSlotNames.MaxSlots
            ? slots
            : throw new PreviewUsageException(
                $"--slots: '{text}' is not a number of slots; expected a whole number from 0 to {PreviewSlotNames.MaxSlots} (default {PreviewOptions.DefaultSlots}).");
    }

    private static TimeSpan? ParseIdleTimeout(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "off")
        {
            return null;
        }

        return DurationText.TryParse(text, out var idle, out var error)
            ? idle
            : throw new PreviewUsageException($"--idle-timeout: {error} Or off (the default).");
    }

    private static string ParseDomain(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return PreviewNames.DefaultDomain;
        }

        return PreviewDomain.TryNormalize(text, out var domain)
            ? domain
            : throw new PreviewUsageException($"--domain: '{text}' is not a valid DNS name; expected something like {PreviewNames.DefaultDomain} or previews.example.com.");
    }

    private static InfrastructureMode ParseInfrastructure(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return InfrastructureMode.Auto;
        }

        return Enum.TryParse<InfrastructureMode>(text, ignoreCase: true, out var mode) && !int.TryParse(text, out _)
            ? mode
            : throw new PreviewUsageException($"--infrastructure: '{text}' is not a mode; expected auto, process or container.");
    }
}
