using System.Buffers.Text;
using System.Runtime.CompilerServices;
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
/// upstream connection, reused for each response it reads; the head's bytes are kept, so parsing allocates nothing and
/// the headers become strings only when asked for (<see cref="Headers"/>).
/// </summary>
internal sealed class ResponseHead
{
    private readonly List<(int NameStart, int NameLength, int ValueStart, int ValueLength)> _kept = [];
    private byte[] _head = new byte[1024];
    private int _statusLineLength;

    /// <summary>The status code.</summary>
    public int Status { get; private set; }

    /// <summary>The headers to copy to the client, in order (hop-by-hop and framing headers left out), as Latin-1 strings.</summary>
    public List<KeyValuePair<string, string>> Headers
    {
        get
        {
            var headers = new List<KeyValuePair<string, string>>(_kept.Count);
            foreach (var (nameStart, nameLength, valueStart, valueLength) in _kept)
            {
                headers.Add(new(Encoding.Latin1.GetString(_head, nameStart, nameLength), Encoding.Latin1.GetString(_head, valueStart, valueLength)));
            }

            return headers;
        }
    }

    /// <summary>The status code and reason phrase as the replica sent them (the status line without its version).</summary>
    public ReadOnlySpan<byte> StatusAndReason => _head.AsSpan(9, _statusLineLength - 9);

    /// <summary>How the body is framed.</summary>
    public ResponseFraming Framing { get; private set; }

    /// <summary>The body's length when <see cref="Framing"/> is <see cref="ResponseFraming.Length"/>.</summary>
    public long ContentLength { get; private set; }

    /// <summary>False when the replica closes the connection after this response (HTTP/1.0, <c>Connection: close</c>, or a body framed by closing).</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Writes the headers to copy, one <c>name: value</c> line each, through <paramref name="write"/>.</summary>
    public void WriteHeaders<TState>(TState state, WriteBytes<TState> write)
    {
        foreach (var (nameStart, nameLength, valueStart, valueLength) in _kept)
        {
            write(state, _head.AsSpan(nameStart, nameLength));
            write(state, ": "u8);
            write(state, _head.AsSpan(valueStart, valueLength));
            write(state, "\r\n"u8);
        }
    }

    /// <summary>Parses <paramref name="head"/> (status line and header lines, CRLF-terminated, without the empty line).</summary>
    /// <param name="head">The head's bytes.</param>
    /// <param name="headRequest">The request was HEAD: whatever the headers say, no body follows.</param>
    /// <param name="error">Why the head is not a valid HTTP/1.x response head, when false is returned.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryParse(ReadOnlySpan<byte> head, bool headRequest, out string? error)
    {
        if (_head.Length < head.Length)
        {
            _head = new byte[Math.Max(_head.Length * 2, head.Length)];
        }

        head.CopyTo(_head);
        head = _head.AsSpan(0, head.Length);
        _kept.Clear();
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
        _statusLineLength = statusLine.Length;
        var http10 = statusLine[7] == (byte)'0';
        var position = lineEnd < 0 ? head.Length : lineEnd + 2;
        while (position < head.Length)
        {
            lineEnd = head[position..].IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? head[position..] : head.Slice(position, lineEnd);
            var colon = line.IndexOf((byte)':');
            // A name is a non-empty token: no whitespace before the colon (RFC 9112 §5.1), which also refuses folded lines.
            if (colon <= 0 || line[..colon].IndexOfAny((byte)' ', (byte)'\t') >= 0)
            {
                error = "a header line is malformed";
                return false;
            }

            var name = line[..colon];
            var rawValue = line[(colon + 1)..];
            var value = rawValue.Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (value.IsEmpty || value[0] is < (byte)'0' or > (byte)'9' || !Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length ||
                    (ContentLength >= 0 && ContentLength != length))
                {
                    error = "Content-Length is invalid";
                    return false;
                }

                ContentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                // Chunked must be the last coding; anything else is read until the replica closes.
                chunked = Ascii.EqualsIgnoreCase(value[(value.LastIndexOf((byte)',') + 1)..].Trim(" \t"u8), "chunked"u8);
                otherCoding |= !chunked;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close |= ContainsIgnoreCase(value, "close"u8);
            }

            if (!HopByHopHeaders.SkipInResponse(name))
            {
                var valueStart = position + colon + 1 + (rawValue.Length - rawValue.TrimStart(" \t"u8).Length);
                _kept.Add((position, colon, valueStart, value.Length));
            }

            position += line.Length + 2;
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

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> word)
    {
        for (var i = 0; i + word.Length <= value.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(value.Slice(i, word.Length), word))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Receives bytes written on behalf of <typeparamref name="TState"/>.</summary>
internal delegate void WriteBytes<in TState>(TState state, ReadOnlySpan<byte> bytes);
