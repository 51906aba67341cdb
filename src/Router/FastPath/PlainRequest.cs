using System.Runtime.CompilerServices;
using System.Text;
using PreviewAspire.Router.Forwarding;

namespace PreviewAspire.Router.FastPath;

/// <summary>What <see cref="PlainRequest.Parse"/> made of the bytes a client has sent so far.</summary>
internal enum PlainRequestVerdict
{
    /// <summary>The head is not complete yet.</summary>
    Incomplete,

    /// <summary>A plain request the fast path forwards itself.</summary>
    Plain,

    /// <summary>Anything else (a body, an upgrade, HTTP/1.0 or 2, an unusual or invalid head): Kestrel takes the connection.</summary>
    Other,
}

/// <summary>
/// The head of the plainest and most common request, read straight from the bytes a client sent: an HTTP/1.1 request in
/// origin form with one <c>Host</c>, no body and no upgrade, every byte printable ASCII. Anything outside that narrow shape
/// is <see cref="PlainRequestVerdict.Other"/> and left to Kestrel, which applies its full rules (and its errors) to it. One
/// instance per event loop, reused for every request.
/// </summary>
internal sealed class PlainRequest
{
    /// <summary>Longer heads go to Kestrel (whose limit is 32 KiB).</summary>
    public const int MaxHead = 16 * 1024;

    private const int MaxHeaders = 100;
    private const int MaxMethod = 16;

    private enum Kind { Copy, Skip, ForwardedFor, ForwardedHost, ForwardedProto }

    private readonly (int NameStart, int NameLength, int ValueStart, int ValueLength, Kind Kind)[] _headers = new (int, int, int, int, Kind)[MaxHeaders];
    private int _count;
    private int _requestLine;

    /// <summary>The head's length, empty line included.</summary>
    public int HeadLength { get; private set; }

    /// <summary>Where the <c>Host</c> value starts in the parsed bytes.</summary>
    public int HostStart { get; private set; }

    /// <summary>The <c>Host</c> value's length.</summary>
    public int HostLength { get; private set; }

    /// <summary>The client asked to close the connection after this request.</summary>
    public bool Close { get; private set; }

    /// <summary>The request is a HEAD: no body follows the response head.</summary>
    public bool IsHead { get; private set; }

    /// <summary>Reads the head at the start of <paramref name="input"/> (what the client has sent, up to <see cref="MaxHead"/> bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PlainRequestVerdict Parse(ReadOnlySpan<byte> input)
    {
        var end = input.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return input.Length >= MaxHead ? PlainRequestVerdict.Other : PlainRequestVerdict.Incomplete;
        }

        HeadLength = end + 4;
        _count = 0;
        Close = false;
        HostLength = 0;
        var lineEnd = input.IndexOf("\r\n"u8);
        if (!ParseRequestLine(input[..lineEnd]))
        {
            return PlainRequestVerdict.Other;
        }

        _requestLine = lineEnd + 2;
        var hosts = 0;
        var position = _requestLine;
        while (position < end + 2)
        {
            lineEnd = position + input[position..].IndexOf("\r\n"u8);
            var line = input[position..lineEnd];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || _count == MaxHeaders || !IsToken(line[..colon]))
            {
                return PlainRequestVerdict.Other;
            }

            var valueStart = colon + 1;
            var valueEnd = line.Length;
            while (valueStart < valueEnd && line[valueStart] is (byte)' ' or (byte)'\t')
            {
                valueStart++;
            }

            while (valueEnd > valueStart && line[valueEnd - 1] is (byte)' ' or (byte)'\t')
            {
                valueEnd--;
            }

            var value = line[valueStart..valueEnd];
            if (!IsPrintable(value))
            {
                return PlainRequestVerdict.Other;
            }

            var name = line[..colon];
            Kind kind;
            if (Ascii.EqualsIgnoreCase(name, "Host"u8))
            {
                hosts++;
                HostStart = position + valueStart;
                HostLength = value.Length;
                kind = Kind.Copy;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8) || Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8) ||
                     Ascii.EqualsIgnoreCase(name, "Upgrade"u8) || Ascii.EqualsIgnoreCase(name, "Expect"u8))
            {
                return PlainRequestVerdict.Other;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                Close |= HasToken(value, "close"u8);
                kind = Kind.Skip;
            }
            else
            {
                kind = Ascii.EqualsIgnoreCase(name, "X-Forwarded-For"u8) ? Kind.ForwardedFor
                    : Ascii.EqualsIgnoreCase(name, "X-Forwarded-Host"u8) ? Kind.ForwardedHost
                    : Ascii.EqualsIgnoreCase(name, "X-Forwarded-Proto"u8) ? Kind.ForwardedProto
                    : HopByHopHeaders.SkipInRequest(name) ? Kind.Skip
                    : Kind.Copy;
            }

            _headers[_count++] = (position, colon, position + valueStart, value.Length, kind);
            position = lineEnd + 2;
        }

        return hosts == 1 && HostLength > 0 ? PlainRequestVerdict.Plain : PlainRequestVerdict.Other;
    }

    /// <summary>
    /// Writes the head to send the replica, as <see cref="RequestHeadWriter"/> writes it for Kestrel's requests: the request
    /// line and headers as the client sent them (values trimmed), minus hop-by-hop headers and <c>baggage</c>, then the
    /// routing context and <c>X-Forwarded-Host/-Proto/-For</c>, each appended to the caller's values.
    /// </summary>
    /// <param name="input">The bytes <see cref="Parse"/> read.</param>
    /// <param name="output">The buffer to write to (grown when too small).</param>
    /// <param name="baggage">The routing context (the whole <c>baggage</c> value), or null for none.</param>
    /// <param name="client">The client's address as text, appended to <c>X-Forwarded-For</c>; empty when unknown.</param>
    /// <returns>The head's length in <paramref name="output"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int WriteForwarded(ReadOnlySpan<byte> input, ref byte[] output, byte[]? baggage, ReadOnlySpan<byte> client)
    {
        var writer = new HeadBuilder(output);
        writer.Append(input[.._requestLine]);
        for (var i = 0; i < _count; i++)
        {
            var (nameStart, nameLength, valueStart, valueLength, kind) = _headers[i];
            if (kind == Kind.Copy)
            {
                writer.Header(input.Slice(nameStart, nameLength), input.Slice(valueStart, valueLength));
            }
        }

        if (baggage is not null)
        {
            writer.Header("baggage"u8, baggage);
        }

        Forwarded(ref writer, input, "X-Forwarded-Host"u8, Kind.ForwardedHost, input.Slice(HostStart, HostLength));
        Forwarded(ref writer, input, "X-Forwarded-Proto"u8, Kind.ForwardedProto, "http"u8);
        Forwarded(ref writer, input, "X-Forwarded-For"u8, Kind.ForwardedFor, client);
        writer.Append("\r\n"u8);
        output = writer.Buffer;
        return writer.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forwarded(ref HeadBuilder writer, ReadOnlySpan<byte> input, ReadOnlySpan<byte> name, Kind kind, ReadOnlySpan<byte> own)
    {
        var any = !own.IsEmpty;
        for (var i = 0; i < _count && !any; i++)
        {
            any = _headers[i].Kind == kind;
        }

        if (!any)
        {
            return;
        }

        writer.Append(name);
        writer.Append(": "u8);
        for (var i = 0; i < _count; i++)
        {
            if (_headers[i].Kind == kind)
            {
                writer.Append(input.Slice(_headers[i].ValueStart, _headers[i].ValueLength));
                writer.Append(", "u8);
            }
        }

        writer.Append(own);
        writer.Append("\r\n"u8);
    }

    // "METHOD /target HTTP/1.1": an upper-case method, an origin-form target of visible ASCII, version 1.1 exactly.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ParseRequestLine(ReadOnlySpan<byte> line)
    {
        var method = 0;
        while (method < line.Length && line[method] is >= (byte)'A' and <= (byte)'Z')
        {
            method++;
        }

        if (method == 0 || method > MaxMethod || method >= line.Length || line[method] != (byte)' ')
        {
            return false;
        }

        var rest = line[(method + 1)..];
        var space = rest.IndexOf((byte)' ');
        if (space <= 0 || rest[0] != (byte)'/' || rest[..space].IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0 ||
            !rest[(space + 1)..].SequenceEqual("HTTP/1.1"u8))
        {
            return false;
        }

        IsHead = line[..method].SequenceEqual("HEAD"u8);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || "!#$%&'*+-.^_`|~"u8.Contains(b)))
            {
                return false;
            }
        }

        return true;
    }

    // Tabs and visible ASCII: values with other bytes (UTF-8, control characters) are Kestrel's to judge.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsPrintable(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b is < 0x20 and not (byte)'\t' or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }
}
