using System.Globalization;

namespace PreviewAspire.Provisioning;

/// <summary>Parses ages such as <c>30m</c>, <c>12h</c>, <c>7d</c>, <c>2w</c> (or a plain <c>d.hh:mm:ss</c> TimeSpan).</summary>
public static class DurationText
{
    /// <summary>Parses <paramref name="text"/>, returning false with a message naming the accepted forms.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = default;
        error = $"'{text}' is not a duration; expected a positive number with a unit, such as 30m, 12h, 7d or 2w.";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var unit = char.ToLowerInvariant(trimmed[^1]);
        if (unit is 's' or 'm' or 'h' or 'd' or 'w' &&
            double.TryParse(trimmed[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            duration = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
            return true;
        }

        return trimmed.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
