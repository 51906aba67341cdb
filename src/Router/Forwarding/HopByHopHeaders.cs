namespace PreviewAspire.Router.Forwarding;

/// <summary>
/// Headers that describe one connection rather than the message (RFC 9110 §7.6.1), plus the proxy and framing headers YARP
/// also drops: each side of the router frames and manages its own connection, so none of them is copied across.
/// </summary>
internal static class HopByHopHeaders
{
    private static readonly HashSet<string> Request = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
        "Proxy-Authenticate", "Proxy-Authentication-Info", "Proxy-Authorization", "Proxy-Features", "Proxy-Instruction",
        "Security-Scheme", "ALPN", "Close", "HTTP2-Settings",
        // Set by the router itself: the routing context, from the host alone.
        "baggage",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RequestByChars = Request.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string> Response = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Trailer", "Upgrade", "Alt-Svc",
        "Proxy-Authenticate", "Proxy-Authentication-Info",
        // Framing: the router sets the length itself (or lets Kestrel chunk).
        "Content-Length",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ResponseByChars = Response.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when a request header is not copied to the replica as is.</summary>
    public static bool SkipInRequest(string name) => Request.Contains(name);

    /// <summary>True when a request header, named by its ASCII bytes, is not copied to the replica as is.</summary>
    public static bool SkipInRequest(ReadOnlySpan<byte> name) => Contains(RequestByChars, name);

    /// <summary>True when a response header, named by its bytes, is not copied to the client as is.</summary>
    public static bool SkipInResponse(ReadOnlySpan<byte> name) => Contains(ResponseByChars, name);

    private static bool Contains(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> names, ReadOnlySpan<byte> name)
    {
        // Every name in the sets is shorter than this: a longer one is not in them.
        if (name.Length > 32)
        {
            return false;
        }

        Span<char> chars = stackalloc char[name.Length];
        System.Text.Encoding.Latin1.GetChars(name, chars);
        return names.Contains(chars);
    }
}
