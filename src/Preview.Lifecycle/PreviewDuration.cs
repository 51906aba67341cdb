using System.Globalization;
using System.Text.RegularExpressions;

namespace PreviewAspire.Lifecycle;

/// <summary>
/// The duration form used on the command line and in namespace annotations: a positive whole number of days, hours or
/// minutes (<c>7d</c>, <c>36h</c>, <c>90m</c>).
/// </summary>
public static partial class PreviewDuration
{
    /// <summary>The accepted form, for error messages.</summary>
    public const string AcceptedForm = "a positive whole number of days, hours or minutes such as 7d, 36h or 90m";

    /// <summary>Parses <paramref name="text"/>; false when it is not in <see cref="AcceptedForm"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var match = Pattern().Match(text ?? string.Empty);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount == 0)
        {
            return false;
        }

        duration = match.Groups[2].Value switch
        {
            "d" => TimeSpan.FromDays(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromMinutes(amount),
        };
        return true;
    }

    /// <summary>The shortest exact form of a whole number of minutes: <c>7d</c>, <c>36h</c>, <c>90m</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var minutes = (long)duration.TotalMinutes;
        if (minutes <= 0 || duration != TimeSpan.FromMinutes(minutes))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Expected a positive whole number of minutes.");
        }

        return minutes % (24 * 60) == 0 ? $"{minutes / (24 * 60)}d"
            : minutes % 60 == 0 ? $"{minutes / 60}h"
            : $"{minutes}m";
    }

    [GeneratedRegex("^([0-9]{1,5})([dhm])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
