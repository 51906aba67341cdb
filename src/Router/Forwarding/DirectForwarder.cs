using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace PreviewAspire.Router.Forwarding;

/// <summary>
/// Forwards the plainest and most common requests — HTTP/1.x, no body, no upgrade — to a replica at an IP address over
/// pooled HTTP/1.1 connections of its own, writing the request head once and passing the response's bytes on as they come.
/// It sends what the YARP path sends (same headers, same routing context) and does far less per request: no
/// <see cref="HttpRequestMessage"/>, no header collections to copy twice, no content streams. Everything else (request
/// bodies, WebSockets, HTTP/2 clients, replicas named by host) goes through YARP (docs/benchmarks.md, "Router vs nginx").
/// </summary>
internal sealed class DirectForwarder(UpstreamPools pools)
{
    /// <summary>The upstream that can take <paramref name="context"/>'s request for <paramref name="prefix"/>, or null when YARP should forward it.</summary>
    public Upstream? Accepts(HttpContext context, string prefix)
    {
        var request = context.Request;
        if (!(HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol)) ||
            context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false } ||
            context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } ||
            HttpMethods.IsConnect(request.Method))
        {
            return null;
        }

        return pools.For(prefix);
    }

    /// <summary>
    /// Forwards the request and copies the response. Returns <see cref="ForwarderError.None"/> when the response was
    /// passed on (whole, or cut short after it started, in which case the client's connection is aborted as YARP does);
    /// otherwise nothing was sent to the client and the caller answers.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ForwarderError> ForwardAsync(HttpContext context, Upstream upstream, string? baggage)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var headRequest = HttpMethods.IsHead(request.Method);
        var connection = upstream.TryRent();
        try
        {
            while (true)
            {
                if (connection is null)
                {
                    try
                    {
                        connection = await upstream.ConnectAsync(context.RequestAborted).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is SocketException or OperationCanceledException)
                    {
                        return context.RequestAborted.IsCancellationRequested ? ForwarderError.RequestCanceled : ForwarderError.Request;
                    }
                }

                connection.Begin(context.RequestAborted);
                var reused = connection.Reused;
                var outcome = await SendAndReadHeadAsync(connection, request, rawTarget, upstream.Authority, baggage, context, headRequest).ConfigureAwait(false);
                if (outcome == HeadOutcome.Read)
                {
                    break;
                }

                upstream.Discard(connection);
                connection = null;
                // A pooled connection the replica closed while it was idle: the request never reached it, so send it again on a
                // new one (the request has no body to replay).
                if (outcome == HeadOutcome.ClosedFirst && reused)
                {
                    continue;
                }

                return outcome switch
                {
                    HeadOutcome.TimedOut => ForwarderError.RequestTimedOut,
                    HeadOutcome.Canceled => ForwarderError.RequestCanceled,
                    HeadOutcome.Invalid => ForwarderError.ResponseHeaders,
                    _ => ForwarderError.Request,
                };
            }

            if (!CopyHead(connection.ResponseHead, context.Response, headRequest))
            {
                upstream.Discard(connection);
                connection = null;
                context.Response.Clear();
                return ForwarderError.ResponseHeaders;
            }

            bool complete;
            try
            {
                var writer = context.Response.BodyWriter;
                complete = await CopyBodyAsync(connection, writer).ConfigureAwait(false);
                // Kestrel flushes a Content-Length response at its end only if nothing was flushed before: a body that came
                // in several reads (flushed before each) must flush its last piece itself, or it stays in Kestrel's pipe.
                if (complete && context.Response.HasStarted)
                {
                    var flushed = await writer.FlushAsync().ConfigureAwait(false);
                    complete = !flushed.IsCanceled && !flushed.IsCompleted;
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidDataException)
            {
                complete = false;
            }

            if (complete && connection.ResponseHead.KeepAlive && connection.Buffered.IsEmpty)
            {
                upstream.Return(connection);
            }
            else
            {
                upstream.Discard(connection);
            }

            connection = null;
            if (!complete)
            {
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    return ForwarderError.ResponseBodyDestination;
                }

                context.Abort();
            }

            return ForwarderError.None;
        }
        catch
        {
            // Anything unforeseen: the connection's state is unknown, so it never serves another request.
            if (connection is not null)
            {
                upstream.Discard(connection);
            }

            throw;
        }
    }

    private enum HeadOutcome { Read, ClosedFirst, Invalid, TimedOut, Canceled, Failed }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<HeadOutcome> SendAndReadHeadAsync(
        UpstreamConnection connection, HttpRequest request, string rawTarget, string authority, string? baggage, HttpContext context, bool headRequest)
    {
        var received = false;
        try
        {
            connection.RequestHead.Write(request, rawTarget, authority, baggage, context.Connection.RemoteIpAddress);
            await connection.SendAsync(connection.RequestHead.Head).ConfigureAwait(false);
            while (true)
            {
                var end = connection.Buffered.IndexOf("\r\n\r\n"u8);
                if (end < 0)
                {
                    if (await connection.ReceiveAsync().ConfigureAwait(false) == 0)
                    {
                        return received ? HeadOutcome.Invalid : HeadOutcome.ClosedFirst;
                    }

                    received = true;
                    continue;
                }

                var parsed = connection.ResponseHead.TryParse(connection.Buffered[..(end + 2)], headRequest, out _);
                connection.Consume(end + 4);
                if (!parsed || connection.ResponseHead.Status == StatusCodes.Status101SwitchingProtocols)
                {
                    return HeadOutcome.Invalid;
                }

                // Interim responses (100 Continue, 103 Early Hints) are read and dropped; the final one follows.
                if (connection.ResponseHead.Status >= 200)
                {
                    return HeadOutcome.Read;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException)
        {
            return connection.TimedOut ? HeadOutcome.TimedOut
                : context.RequestAborted.IsCancellationRequested ? HeadOutcome.Canceled
                : e is InvalidDataException ? HeadOutcome.Invalid
                : received ? HeadOutcome.Failed : HeadOutcome.ClosedFirst;
        }
    }

    private static bool CopyHead(ResponseHead head, HttpResponse response, bool headRequest)
    {
        try
        {
            response.StatusCode = head.Status;
            var headers = response.Headers;
            foreach (var (name, value) in head.Headers)
            {
                headers.Append(name, value);
            }

            if (head.Framing == ResponseFraming.Length || (headRequest && head.ContentLength >= 0 && head.Status is not (204 or 304)))
            {
                response.ContentLength = head.ContentLength;
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            // Kestrel refuses a header value it cannot send (control or non-ASCII characters).
            return false;
        }
    }

    // Passes the body on as it arrives: what is already buffered is written without a flush, so a small response leaves in
    // one send with its head when the request completes; the writer is flushed only before waiting for more.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> CopyBodyAsync(UpstreamConnection connection, PipeWriter writer)
    {
        var head = connection.ResponseHead;
        switch (head.Framing)
        {
            case ResponseFraming.None:
                return true;

            case ResponseFraming.Length:
                var remaining = head.ContentLength;
                while (remaining > 0)
                {
                    if (connection.Buffered.IsEmpty && !await FillAsync(connection, writer).ConfigureAwait(false))
                    {
                        return false;
                    }

                    var piece = connection.Buffered[..(int)Math.Min(remaining, connection.Buffered.Length)];
                    writer.Write(piece);
                    connection.Consume(piece.Length);
                    remaining -= piece.Length;
                }

                return true;

            case ResponseFraming.Chunked:
                connection.Chunked.Reset();
                while (true)
                {
                    var step = connection.Chunked.Next(connection.Buffered, out var consumed, out var offset, out var length);
                    if (step == ChunkedStep.Data)
                    {
                        writer.Write(connection.Buffered.Slice(offset, length));
                    }

                    connection.Consume(consumed);
                    switch (step)
                    {
                        case ChunkedStep.Done:
                            return true;
                        case ChunkedStep.Invalid:
                            return false;
                        case ChunkedStep.NeedMore when !await FillAsync(connection, writer).ConfigureAwait(false):
                            return false;
                    }
                }

            default:
                while (true)
                {
                    if (!connection.Buffered.IsEmpty)
                    {
                        writer.Write(connection.Buffered);
                        connection.Consume(connection.Buffered.Length);
                    }

                    var flushed = await writer.FlushAsync().ConfigureAwait(false);
                    if (flushed.IsCanceled || flushed.IsCompleted)
                    {
                        return false;
                    }

                    if (await connection.ReceiveAsync().ConfigureAwait(false) == 0)
                    {
                        return true;
                    }
                }
        }
    }

    // Flushes what was written so far, then waits for more of the body; false when the client or the replica is gone.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> FillAsync(UpstreamConnection connection, PipeWriter writer)
    {
        var flushed = await writer.FlushAsync().ConfigureAwait(false);
        if (flushed.IsCanceled || flushed.IsCompleted)
        {
            return false;
        }

        return await connection.ReceiveAsync().ConfigureAwait(false) > 0;
    }
}
