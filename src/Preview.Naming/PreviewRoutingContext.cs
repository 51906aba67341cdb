using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PreviewAspire.Naming;

/// <summary>
/// The routing context a request carries in the W3C <c>baggage</c> header: which PR it was meant for
/// (<c>baggage: preview.pr=42</c>). The router sets it from the host name alone; services carry it on to the calls and
/// messages they make, and a call goes to the PR's fork of the service it addresses when there is one, else to the baseline.
/// </summary>
public static class PreviewRoutingContext
{
    /// <summary>The W3C baggage header name.</summary>
    public const string BaggageHeader = "baggage";

    /// <summary>The baggage key that carries the PR number.</summary>
    public const string BaggageKey = "preview.pr";

    /// <summary>The span and log attribute that carries the PR number of the work being done.</summary>
    public const string TelemetryAttribute = "preview.pr";

    /// <summary>The whole <c>baggage</c> header value the router sets for <paramref name="pullRequest"/>: <c>preview.pr=42</c>.</summary>
    public static string Format(PullRequestId pullRequest) => $"{BaggageKey}={pullRequest}";

    /// <summary>
    /// Finds <see cref="BaggageKey"/> in a <c>baggage</c> header value (list members separated by commas, each
    /// <c>key=value</c> with optional <c>;properties</c>). False when it is absent or not a valid PR number.
    /// </summary>
    public static bool TryRead(string? baggage, out PullRequestId pullRequest)
    {
        pullRequest = default;
        if (string.IsNullOrEmpty(baggage))
        {
            return false;
        }

        foreach (var range in baggage.AsSpan().Split(','))
        {
            var member = baggage.AsSpan()[range];
            var semicolon = member.IndexOf(';');
            if (semicolon >= 0)
            {
                member = member[..semicolon];
            }

            var equals = member.IndexOf('=');
            if (equals < 0 || !member[..equals].Trim().SequenceEqual(BaggageKey))
            {
                continue;
            }

            var value = member[(equals + 1)..].Trim();
            return value.Length is > 0 and <= 9 && value[0] != '0' && value.IndexOfAnyExceptInRange('0', '9') < 0 &&
                   TryFrom(int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture), out pullRequest);
        }

        return false;
    }

    private static bool TryFrom(int value, out PullRequestId pullRequest)
    {
        pullRequest = value is >= 1 and <= PullRequestId.MaxValue ? PullRequestId.From(value) : default;
        return value is >= 1 and <= PullRequestId.MaxValue;
    }

    /// <inheritdoc cref="TryRead(string?, out PullRequestId)"/>
    public static PullRequestId? Read(string? baggage) => TryRead(baggage, out var pullRequest) ? pullRequest : null;
}
