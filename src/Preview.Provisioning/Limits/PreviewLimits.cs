using System.Globalization;

namespace PreviewAspire.Provisioning;

/// <summary>
/// What one PR may take from the shared engines, so that its code cannot exhaust what every PR needs. The defaults fit
/// a dozen previews on one machine; each value can be set under <c>Preview:Limits:</c> (see <see cref="Read"/>).
/// </summary>
public sealed record PreviewLimits
{
    /// <summary>The configuration section the limits are read from.</summary>
    public const string Section = "Preview:Limits";

    /// <summary>The limits used when nothing is configured.</summary>
    public static PreviewLimits Default { get; } = new();

    /// <summary>Sessions the PR's Postgres role may hold at once (<c>CONNECTION LIMIT</c>). Default 20.</summary>
    public int PostgresConnections { get; init; } = 20;

    /// <summary>The PR role's default <c>statement_timeout</c>. Default 30 s.</summary>
    public TimeSpan PostgresStatementTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The PR role's default <c>idle_in_transaction_session_timeout</c>. Default 60 s.</summary>
    public TimeSpan PostgresIdleInTransactionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The PR role's <c>temp_file_limit</c> per session, in MiB (only a superuser can change it). Default 1024.</summary>
    public int PostgresTempFileMegabytes { get; init; } = 1024;

    /// <summary>Connections the PR's RabbitMQ virtual host accepts at once (<c>max-connections</c>). Default 16.</summary>
    public int RabbitMqConnections { get; init; } = 16;

    /// <summary>Queues the PR's RabbitMQ virtual host may hold (<c>max-queues</c>). Default 16.</summary>
    public int RabbitMqQueues { get; init; } = 16;

    /// <summary>Messages one queue of the PR may hold before publishes are refused (<c>max-length</c>). Default 10,000.</summary>
    public int RabbitMqQueueMessages { get; init; } = 10_000;

    /// <summary>Message bytes one queue of the PR may hold before publishes are refused (<c>max-length-bytes</c>). Default 8 MiB.</summary>
    public long RabbitMqQueueBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>
    /// Reads the limits from configuration through <paramref name="lookup"/> (a key such as
    /// <c>Preview:Limits:PostgresConnections</c> to its value, null when unset); unset keys keep their default.
    /// Durations take the forms of <see cref="DurationText"/> (<c>30s</c>, <c>2m</c>).
    /// </summary>
    /// <exception cref="ProvisioningException">A value is not a positive number or duration; the message names the key.</exception>
    public static PreviewLimits Read(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var defaults = Default;
        return new PreviewLimits
        {
            PostgresConnections = Whole(lookup, nameof(PostgresConnections), defaults.PostgresConnections),
            PostgresStatementTimeout = Duration(lookup, nameof(PostgresStatementTimeout), defaults.PostgresStatementTimeout),
            PostgresIdleInTransactionTimeout = Duration(lookup, nameof(PostgresIdleInTransactionTimeout), defaults.PostgresIdleInTransactionTimeout),
            PostgresTempFileMegabytes = Whole(lookup, nameof(PostgresTempFileMegabytes), defaults.PostgresTempFileMegabytes),
            RabbitMqConnections = Whole(lookup, nameof(RabbitMqConnections), defaults.RabbitMqConnections),
            RabbitMqQueues = Whole(lookup, nameof(RabbitMqQueues), defaults.RabbitMqQueues),
            RabbitMqQueueMessages = Whole(lookup, nameof(RabbitMqQueueMessages), defaults.RabbitMqQueueMessages),
            RabbitMqQueueBytes = Whole(lookup, nameof(RabbitMqQueueBytes), defaults.RabbitMqQueueBytes),
        };
    }

    private static T Whole<T>(Func<string, string?> lookup, string name, T fallback)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        var key = $"{Section}:{name}";
        return lookup(key) switch
        {
            null or "" => fallback,
            var text when T.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > T.Zero => value,
            var text => throw new ProvisioningException($"{key} is '{text}'; expected a whole number of at least 1 (default {fallback}). Set it as the environment variable {EnvironmentName(key)}."),
        };
    }

    private static TimeSpan Duration(Func<string, string?> lookup, string name, TimeSpan fallback)
    {
        var key = $"{Section}:{name}";
        var text = lookup(key);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return DurationText.TryParse(text, out var value, out var error)
            ? value
            : throw new ProvisioningException($"{key}: {error} Set it as the environment variable {EnvironmentName(key)}.");
    }

    private static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
