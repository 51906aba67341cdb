using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PreviewAspire.Naming;

/// <summary>Validates preview domains and maps request hosts back to the preview they address.</summary>
public static class PreviewDomain
{
    /// <summary>Lower-cases a domain and strips a trailing dot; throws <see cref="FormatException"/> when it is not a valid DNS name.</summary>
    public static string Normalize(string domain)
    {
        var normalized = domain.Trim().TrimEnd('.').ToLowerInvariant();
        if (normalized.Length is 0 or > 200 || !normalized.Split('.').All(IsDnsLabel))
        {
            throw new FormatException($"'{domain}' is not a valid preview domain; expected a DNS name such as preview.localhost or previews.example.com.");
        }

        return normalized;
    }

    /// <summary>True when <paramref name="label"/> is a DNS-1123 label: 1-63 of a-z, 0-9 and '-', not starting or ending with '-'.</summary>
    public static bool IsDnsLabel(string label) =>
        label.Length is >= 1 and <= 63 &&
        label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') &&
        label[0] != '-' && label[^1] != '-';

    /// <summary>
    /// Maps a request host (with or without port) under <paramref name="normalizedDomain"/> to the PR and surface it names.
    /// Allocation-light and independent of how many previews exist.
    /// </summary>
    public static bool TryParseHost(string host, string normalizedDomain, out PullRequestId id, out PreviewSurface surface)
    {
        id = default;
        surface = default;
        var span = host.AsSpan();
        var colon = span.LastIndexOf(':');
        if (colon >= 0 && span[(colon + 1)..].IndexOfAnyExceptInRange('0', '9') < 0)
        {
            span = span[..colon];
        }

        span = span.TrimEnd('.');
        if (span.Length <= normalizedDomain.Length + 1 ||
            !span.EndsWith(normalizedDomain, StringComparison.OrdinalIgnoreCase) ||
            span[span.Length - normalizedDomain.Length - 1] != '.')
        {
            return false;
        }

        var label = span[..(span.Length - normalizedDomain.Length - 1)];
        if (label.Length < 3 || (label[0] is not ('p' or 'P')) || (label[1] is not ('r' or 'R')))
        {
            return false;
        }

        var rest = label[2..];
        surface = PreviewSurface.Frontend;
        if (rest.EndsWith("-api", StringComparison.OrdinalIgnoreCase))
        {
            surface = PreviewSurface.Api;
            rest = rest[..^4];
        }

        // Only the canonical spelling (no leading zeros) addresses a preview, so one preview has exactly one host.
        if (rest.Length is 0 or > 9 || rest[0] == '0' || rest.IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return false;
        }

        id = PullRequestId.From(int.Parse(rest, NumberStyles.None, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>Non-throwing form of <see cref="Normalize"/>.</summary>
    public static bool TryNormalize(string? domain, [NotNullWhen(true)] out string? normalized)
    {
        try
        {
            normalized = domain is null ? null : Normalize(domain);
            return normalized is not null;
        }
        catch (FormatException)
        {
            normalized = null;
            return false;
        }
    }
}
