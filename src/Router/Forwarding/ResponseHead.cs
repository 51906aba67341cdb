using System.Buffers.Text;
using System.Text;

namespace PreviewAspire.Router.Forwarding;

/// <summary>How the body of a replica's response is framed (RFC 9112 §6.3).</summary>
internal enum ResponseFraming
{
    /// <summary>No body (a HEAD request, or status 1xx, 204 or 304).</summary>
    None,

    /// <summary><c>Content-Length</c> bytes.</summary>
    Length,

    /// <summary><c>Transfer-Encoding: chunked</c>.</summary>
    Chunked,

    /// <summary>Everything until the replica closes the connection.</summary>
    UntilClose,
}

/// <summary>
/// The parsed head of a replica's HTTP/1.x response: status, headers to copy and how the body is framed. One instance per
/// upstream connection, reused for each response it reads.
/// </summary>
internal sealed class ResponseHead
{
    /// <summary>The status code.</summary>
    public int Status { get; private set; }

    /// <summary>The headers to copy to the client, in order (hop-by-hop and framing headers left out).</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>How the body is framed.</summary>
    public ResponseFraming Framing { get; private set; }

    /// <summary>The body's length when <see cref="Framing"/> is <see cref="ResponseFraming.Length"/>.</summary>
    public long ContentLength { get; private set; }

    /// <summary>False when the replica closes the connection after this response (HTTP/1.0, <c>Connection: close</c>, or a body framed by closing).</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Parses <paramref name="head"/> (status line and header lines, CRLF-terminated, without the empty line).</summary>
    /// <param name="head">The head's bytes.</param>
    /// <param name="headRequest">The request was HEAD: whatever the headers say, no body follows.</param>
    /// <param name="error">Why the head is not a valid HTTP/1.x response head, when false is returned.</param>
    public bool TryParse(ReadOnlySpan<byte> head, bool headRequest, out string? error)
    {
        Headers.Clear();
        ContentLength = -1;
        var chunked = false;
        var otherCoding = false;
        var close = false;
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        // "HTTP/1.x SSS[ reason]"
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' ' ||
            !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var digits) || digits != 3 || status < 100 ||
            (statusLine.Length > 12 && statusLine[12] != (byte)' '))
        {
            error = "the status line is not HTTP/1.x";
            return false;
        }

        Status = status;
        var http10 = statusLine[7] == (byte)'0';
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? rest : rest[..lineEnd];
            rest = lineEnd < 0 ? [] : rest[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            // A name is a non-empty token: no whitespace before the colon (RFC 9112 §5.1), which also refuses folded lines.
            if (colon <= 0 || line[..colon].IndexOfAny((byte)' ', (byte)'\t') >= 0)
            {
                error = "a header line is malformed";
                return false;
            }

            var name = Encoding.Latin1.GetString(line[..colon]);
            var value = Encoding.Latin1.GetString(line[(colon + 1)..].Trim(" \t"u8));
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) ||
                    (ContentLength >= 0 && ContentLength != length))
                {
                    error = "Content-Length is invalid";
                    return false;
                }

                ContentLength = length;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                // Chunked must be the last coding; anything else is read until the replica closes.
                var last = value.AsSpan(value.LastIndexOf(',') + 1).Trim();
                chunked = last.Equals("chunked", StringComparison.OrdinalIgnoreCase);
                otherCoding |= !chunked;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                close |= value.Contains("close", StringComparison.OrdinalIgnoreCase);
            }

            if (!HopByHopHeaders.SkipInResponse(name))
            {
                Headers.Add(new(name, value));
            }
        }

        // Both framings at once is how requests are smuggled: use the chunked one, and never reuse the connection.
        KeepAlive = !http10 && !close && !(chunked && ContentLength >= 0);
        if (headRequest || status < 200 || status is 204 or 304)
        {
            Framing = ResponseFraming.None;
        }
        else if (chunked && !otherCoding)
        {
            Framing = ResponseFraming.Chunked;
        }
        else if (otherCoding || ContentLength < 0)
        {
            Framing = ResponseFraming.UntilClose;
            KeepAlive = false;
        }
        else
        {
            Framing = ResponseFraming.Length;
        }

        error = null;
        return true;
    }
}
