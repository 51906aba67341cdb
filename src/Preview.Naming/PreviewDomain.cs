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
    /// Allocation-light and independent of how many previews exist. The baseline's hosts are not PR hosts: false for them.
    /// </summary>
    public static bool TryParseHost(string host, string normalizedDomain, out PullRequestId id, out PreviewSurface surface) =>
        TryParseHost(host, normalizedDomain, out id, out surface, out var baseline) && !baseline;

    /// <summary>
    /// As <see cref="TryParseHost(string, string, out PullRequestId, out PreviewSurface)"/>, and also recognises the
    /// baseline's hosts <c>main.&lt;domain&gt;</c> and <c>main-api.&lt;domain&gt;</c> (<see cref="PreviewNames.Baseline"/>):
    /// for them <paramref name="baseline"/> is true and <paramref name="id"/> is <c>default</c>.
    /// </summary>
    public static bool TryParseHost(string host, string normalizedDomain, out PullRequestId id, out PreviewSurface surface, out bool baseline) =>
        TryParseHost(host.AsSpan(), normalizedDomain, out id, out surface, out baseline);

    /// <summary>
    /// As <see cref="TryParseHost(string, string, out PullRequestId, out PreviewSurface, out bool)"/>, for a host that is
    /// not a string (yet): the router reads it from the request's bytes.
    /// </summary>
    public static bool TryParseHost(ReadOnlySpan<char> host, string normalizedDomain, out PullRequestId id, out PreviewSurface surface, out bool baseline)
    {
        id = default;
        surface = default;
        baseline = false;
        if (!TryGetLabel(host, normalizedDomain, out var label))
        {
            return false;
        }

        var parsedSurface = PreviewSurface.Frontend;
        if (label.EndsWith("-api", StringComparison.OrdinalIgnoreCase))
        {
            parsedSurface = PreviewSurface.Api;
            label = label[..^4];
        }

        if (label.Equals(PreviewNames.BaselineKey, StringComparison.OrdinalIgnoreCase))
        {
            surface = parsedSurface;
            baseline = true;
            return true;
        }

        if (label.Length < 3 || (label[0] is not ('p' or 'P')) || (label[1] is not ('r' or 'R')))
        {
            return false;
        }

        // Only the canonical spelling (no leading zeros) addresses a preview, so one preview has exactly one host.
        var digits = label[2..];
        if (digits.Length is 0 or > 9 || digits[0] == '0' || digits.IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return false;
        }

        id = PullRequestId.From(int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture));
        surface = parsedSurface;
        return true;
    }

    // The single DNS label in front of the domain, with the port and a trailing dot removed.
    private static bool TryGetLabel(ReadOnlySpan<char> host, string normalizedDomain, out ReadOnlySpan<char> label)
    {
        label = default;
        var span = host;
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

        label = span[..(span.Length - normalizedDomain.Length - 1)];
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
