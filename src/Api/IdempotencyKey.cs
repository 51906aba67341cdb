using System.Diagnostics.CodeAnalysis;

namespace PreviewAspire.Api;

/// <summary>The optional <c>Idempotency-Key</c> request header of <c>POST /orders</c>.</summary>
internal static class IdempotencyKey
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>The response header set to <c>true</c> when the answer is the order an earlier request with the key created.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The longest accepted key.</summary>
    public const int MaxLength = 200;

    /// <summary>Reads the key: null when absent; false with a message when it is empty, repeated, too long or not printable ASCII.</summary>
    public static bool TryRead(HttpRequest request, out string? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        error = null;
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return true;
        }

        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]) || values[0]!.Length > MaxLength || values[0]!.Any(c => c is < '!' or > '~'))
        {
            error = $"{Header} must be one value of 1 to {MaxLength} printable ASCII characters without spaces, for example a UUID.";
            return false;
        }

        key = values[0];
        return true;
    }
}
