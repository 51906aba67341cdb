using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace PreviewAspire.Router.Forwarding;

/// <summary>
/// Writes the HTTP/1.1 head of a forwarded request into a reusable buffer: the client's request line and headers, minus
/// hop-by-hop headers and any <c>baggage</c> (the client's <c>Host</c> kept, as YARP keeps it), then the routing context
/// and <c>X-Forwarded-Host/-Proto/-For</c> — what the YARP path (<see cref="ForwardedHeadersTransformer"/>) sends.
/// </summary>
internal sealed class RequestHeadWriter
{
    private byte[] _buffer = new byte[4096];
    private int _length;

    /// <summary>The head written by the last <see cref="Write"/>.</summary>
    public ReadOnlyMemory<byte> Head => _buffer.AsMemory(0, _length);

    /// <summary>Writes the head of <paramref name="request"/> for the replica at <paramref name="authority"/>.</summary>
    /// <param name="request">The incoming request (Kestrel has validated its method, target and header values).</param>
    /// <param name="rawTarget">The request target exactly as the client sent it (origin form).</param>
    /// <param name="authority">The replica's <c>host:port</c>, sent as <c>Host</c> when the client sent none (HTTP/1.0).</param>
    /// <param name="baggage">The routing context (the whole <c>baggage</c> value), or null for none.</param>
    /// <param name="client">The client's address, appended to <c>X-Forwarded-For</c>.</param>
    public void Write(HttpRequest request, string rawTarget, string authority, string? baggage, IPAddress? client)
    {
        _length = 0;
        Append(request.Method);
        Append(" "u8);
        Append(rawTarget);
        Append(" HTTP/1.1\r\n"u8);
        if (request.Headers.Host.Count == 0)
        {
            Header("Host", authority);
        }

        // When the router records spans, the trace continues through its span, as YARP's client propagates it; otherwise
        // no Activity exists and the caller's trace headers pass unchanged.
        var span = Activity.Current;
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHopHeaders.SkipInRequest(name) || IsForwardedHeader(name) || (span is not null && IsTraceHeader(name)))
            {
                continue;
            }

            foreach (var value in values)
            {
                Header(name, value);
            }
        }

        if (span is not null)
        {
            Header("traceparent", span.Id);
            if (!string.IsNullOrEmpty(span.TraceStateString))
            {
                Header("tracestate", span.TraceStateString);
            }
        }

        if (baggage is not null)
        {
            Header("baggage", baggage);
        }

        // Appended to what the caller sent, one line each, as the YARP path's headers collection joins them.
        Forwarded("X-Forwarded-Host", request.Headers["X-Forwarded-Host"], request.Host.Value);
        Forwarded("X-Forwarded-Proto", request.Headers["X-Forwarded-Proto"], request.Scheme);
        if (client is not null)
        {
            Append("X-Forwarded-For: "u8);
            AppendEarlier(request.Headers["X-Forwarded-For"]);
            Reserve(64);
            client.TryFormat(_buffer.AsSpan(_length), out var written);
            _length += written;
            Append("\r\n"u8);
        }
        else
        {
            Forwarded("X-Forwarded-For", request.Headers["X-Forwarded-For"], null);
        }

        Append("\r\n"u8);
    }

    private static bool IsForwardedHeader(string name) =>
        name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase) &&
        (name.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase) || name.Equals("X-Forwarded-Host", StringComparison.OrdinalIgnoreCase) ||
         name.Equals("X-Forwarded-Proto", StringComparison.OrdinalIgnoreCase));

    private void Forwarded(string name, StringValues earlier, string? value)
    {
        if (earlier.Count == 0 && string.IsNullOrEmpty(value))
        {
            return;
        }

        Append(name);
        Append(": "u8);
        AppendEarlier(earlier);
        Append(value);
        Append("\r\n"u8);
    }

    // The caller's values of a forwarding header, each followed by ", " (the router's own value comes last).
    private void AppendEarlier(StringValues earlier)
    {
        foreach (var value in earlier)
        {
            Append(value);
            Append(", "u8);
        }
    }

    private static bool IsTraceHeader(string name) =>
        name.Equals("traceparent", StringComparison.OrdinalIgnoreCase) || name.Equals("tracestate", StringComparison.OrdinalIgnoreCase);

    private void Header(string name, string? value)
    {
        Append(name);
        Append(": "u8);
        Append(value);
        Append("\r\n"u8);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    // Kestrel decoded header values as ASCII or UTF-8, so UTF-8 gives back the bytes the client sent.
    private void Append(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }
    }
}
