using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using PreviewAspire.Naming;
using PreviewAspire.Router.Forwarding;
using Yarp.ReverseProxy.Forwarder;

namespace PreviewAspire.Router;

/// <summary>
/// Maps the Host header to a preview (or the baseline) and forwards the request to its replica with the routing context
/// of the host alone: a PR's hosts get <c>baggage: preview.pr=&lt;id&gt;</c>, the baseline's none, and the caller's
/// <c>baggage</c> never passes. Unknown hosts get a plain 404 naming the host — never another preview's content.
/// </summary>
internal sealed partial class PreviewForwardingMiddleware(
    RequestDelegate next,
    IHttpForwarder forwarder,
    DirectForwarder direct,
    IPreviewDestinations destinations,
    PreviewActivity activity,
    IOptions<RouterOptions> options,
    ILogger<PreviewForwardingMiddleware> logger)
{
    // A waking preview is usually up within seconds: a browser on the wake-up page checks more often.
    private const string WakingRefreshSeconds = "2";

    private readonly string _domain = PreviewDomain.Normalize(options.Value.Domain);
    private readonly int _publicPort = options.Value.PublicPort;
    private readonly bool _directForwarding = options.Value.DirectForwarding;
    private readonly ForwarderRequestConfig _yarpConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.ReplicaTimeoutSeconds)) };
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        // Never injects baggage, which an Activity would have taken from the caller's header (RoutingContextPropagator).
        ActivityHeadersPropagator = new RoutingContextPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        // One char per byte, as the direct path reads them and Kestrel writes them back (RouterApp).
        ResponseHeaderEncodingSelector = (_, _) => System.Text.Encoding.Latin1,
        // Kestrel decoded the client's header values as UTF-8: encoded back the same way, the replica gets the client's bytes.
        RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
    });

    /// <summary>Routes the request, or passes it on when it arrived on a non-public port.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (_publicPort != 0 && context.Connection.LocalPort != _publicPort)
        {
            return next(context);
        }

        return ForwardAsync(context);
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var host = context.Request.Host.Value ?? string.Empty;
        if (!PreviewDomain.TryParseHost(host, _domain, out var pullRequest, out var surface, out var baseline))
        {
            await WritePlainAsync(context, StatusCodes.Status404NotFound,
                $"No preview is served at host '{host}'. Previews are at pr<id>.{_domain} (frontend) and pr<id>-api.{_domain} (API), the baseline at main.{_domain} and main-api.{_domain}.").ConfigureAwait(false);
            return;
        }

        var destination = await destinations.FindAsync(pullRequest, surface, context.RequestAborted).ConfigureAwait(false);
        if (destination is null)
        {
            if (!destinations.IsReady)
            {
                SetRetryHeaders(context);
                await WritePlainAsync(context, StatusCodes.Status503ServiceUnavailable,
                    "The router has no route table yet; the preview host is starting.").ConfigureAwait(false);
                return;
            }

            await WritePlainAsync(context, StatusCodes.Status404NotFound, baseline
                ? $"No preview is served at host '{host}': the baseline is not running here."
                : $"No preview is served at host '{host}': PR {pullRequest} has no running preview here.").ConfigureAwait(false);
            return;
        }

        if (destination.Activity is { } cell)
        {
            activity.Touch(cell);
        }

        if (destination.Sleeping)
        {
            await WriteWakingAsync(context, pullRequest).ConfigureAwait(false);
            return;
        }

        var error = _directForwarding && direct.Accepts(context, destination.Prefix) is { } upstream
            ? await direct.ForwardAsync(context, upstream, destination.Baggage).ConfigureAwait(false)
            : await forwarder.SendAsync(context, destination.Prefix, _client, _yarpConfig, destination.Transformer).ConfigureAwait(false);
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            LogForwardingFailed(host, destination.Prefix, error);
            if (destination.WakesWhenUnreachable && error is ForwarderError.Request or ForwarderError.RequestTimedOut)
            {
                // Cluster mode: the Service exists but nothing accepts the connection, its Deployments scaled to zero.
                // The request is recorded, so the waker sees it.
                await WriteWakingAsync(context, pullRequest).ConfigureAwait(false);
                return;
            }

            SetRetryHeaders(context);
            await WritePlainAsync(context, StatusCodes.Status502BadGateway, ReplicaMessages.DidNotAnswer(surface, pullRequest, baseline, error.ToString())).ConfigureAwait(false);
        }
    }

    private static void SetRetryHeaders(HttpContext context, string refreshSeconds = ReplicaMessages.RetryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = ReplicaMessages.RetryAfterSeconds;
        // Browsers reload the page by themselves once the preview is up.
        context.Response.Headers["Refresh"] = refreshSeconds;
    }

    // The request has been recorded: the host sees it in /activity and wakes the preview, which takes a few seconds.
    private static Task WriteWakingAsync(HttpContext context, PullRequestId pullRequest)
    {
        SetRetryHeaders(context, WakingRefreshSeconds);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            $"<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"{WakingRefreshSeconds}\"><title>PR {pullRequest} is waking up</title></head>" +
            $"<body><p>PR {pullRequest}'s preview is waking up&hellip; this page reloads by itself until it is.</p></body></html>\n");
    }

    private static Task WritePlainAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding {Host} to {Destination} failed: {Error}")]
    private partial void LogForwardingFailed(string host, string destination, ForwarderError error);
}
