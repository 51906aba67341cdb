using System.Globalization;
using System.Text.RegularExpressions;
using PreviewAspire.Lifecycle;

namespace PreviewAspire.Kubernetes;

/// <summary>
/// Reads the Kubernetes generation inputs from command-line arguments: <c>--image-registry R</c>, <c>--image-tag T</c>,
/// <c>--image-digests api=sha256:…,…</c>, <c>--head-sha SHA</c>, <c>--ttl 7d|36h|90m</c>, <c>--idle 30m</c>,
/// <c>--created-at 2025-01-31T12:00:00Z</c>. Other arguments are ignored.
/// </summary>
public static partial class GenerationArguments
{
    /// <summary>The usage line printed with every argument error.</summary>
    public const string Usage = "usage: [--image-registry <host[:port]/path>] [--image-tag <tag>] --image-digests <name>=sha256:<hex>[,…] [--head-sha <commit sha>] [--ttl <n>d|<n>h|<n>m] [--idle <n>d|<n>h|<n>m] [--created-at <ISO 8601 UTC time>]";

    private static readonly string[] Names = ["--image-registry", "--image-tag", "--image-digests", "--head-sha", "--ttl", "--idle", "--created-at"];

    /// <summary>
    /// Parses and validates; throws <see cref="ManifestInputException"/> with a one-line message on bad input. The image tag
    /// defaults to the head SHA; <paramref name="defaultCreatedAt"/> is called only when <c>--created-at</c> is absent.
    /// </summary>
    public static KubernetesGenerationOptions Parse(IReadOnlyList<string> args, string domain, Func<DateTimeOffset> defaultCreatedAt)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var eq = args[i].IndexOf('=');
            var name = eq > 0 ? args[i][..eq] : args[i];
            if (!Names.Contains(name))
            {
                continue;
            }

            values[name] = eq > 0 ? args[i][(eq + 1)..]
                : i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i]
                : throw new ManifestInputException($"{name} needs a value. {Usage}");
        }

        var headSha = values.GetValueOrDefault("--head-sha");
        if (headSha is not null && !ShaPattern().IsMatch(headSha))
        {
            throw new ManifestInputException($"--head-sha: '{headSha}' is not a commit SHA; expected 7-64 lower-case hex digits.");
        }

        return new KubernetesGenerationOptions
        {
            Images = ContainerImages.Create(values.GetValueOrDefault("--image-registry"), values.GetValueOrDefault("--image-tag") ?? headSha, values.GetValueOrDefault("--image-digests")),
            HeadSha = headSha,
            Ttl = values.TryGetValue("--ttl", out var ttl) ? ParseDuration("--ttl", "a time to live", ttl) : KubernetesGenerationOptions.DefaultTtl,
            Idle = values.TryGetValue("--idle", out var idle) ? ParseDuration("--idle", "an idle time", idle) : KubernetesGenerationOptions.DefaultIdle,
            CreatedAt = values.TryGetValue("--created-at", out var created) ? ParseTime(created) : defaultCreatedAt(),
            Domain = domain,
        };
    }

    private static TimeSpan ParseDuration(string option, string meaning, string text) =>
        PreviewDuration.TryParse(text, out var duration)
            ? duration
            : throw new ManifestInputException($"{option}: '{text}' is not {meaning}; expected {PreviewDuration.AcceptedForm}.");

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && text.Contains('T', StringComparison.Ordinal)
            ? time.ToUniversalTime()
            : throw new ManifestInputException($"--created-at: '{text}' is not a time; expected ISO 8601 such as 2025-01-31T12:00:00Z.");

    [GeneratedRegex("^[0-9a-f]{7,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ShaPattern();
}
