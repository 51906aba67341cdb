using System.Globalization;

namespace PreviewAspire.Lifecycle;

/// <summary>The timestamp form of lifecycle annotations: UTC to the second, ISO 8601 (<c>2025-01-31T12:00:00Z</c>).</summary>
public static class LifecycleTime
{
    /// <summary>The format string.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>Formats <paramref name="instant"/> in UTC.</summary>
    public static string ToText(DateTimeOffset instant) => instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Parses a timestamp; null when absent or malformed.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}
