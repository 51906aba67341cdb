using PreviewAspire.Naming;
using Yarp.ReverseProxy.Forwarder;

namespace PreviewAspire.Router;

/// <summary>
/// Forwards the request as YARP does by default, tells the replica the original host, scheme and client, and sets the
/// routing context: every incoming <c>baggage</c> header is removed (routing context from outside is never trusted, and
/// no part of it is kept), then a PR's destination gets exactly <c>baggage: preview.pr=&lt;id&gt;</c>. One instance per
/// header value, built with the destination: nothing is formatted per request.
/// </summary>
public sealed class ForwardedHeadersTransformer : HttpTransformer
{
    private static readonly ForwardedHeadersTransformer NoContext = new(null);

    private readonly string? _baggage;

    private ForwardedHeadersTransformer(string? baggage) => _baggage = baggage;

    /// <summary>The transformer that sets <paramref name="baggage"/> (null: forwards with no <c>baggage</c> header).</summary>
    public static ForwardedHeadersTransformer For(string? baggage) => baggage is null ? NoContext : new(baggage);

    /// <inheritdoc />
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        // The base copies every request header: the caller's baggage is removed before, so it is never copied (cheaper
        // than copying and removing it, and nothing after the forwarder reads the incoming request's headers).
        httpContext.Request.Headers.Remove(PreviewRoutingContext.BaggageHeader);
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        var headers = proxyRequest.Headers;
        if (_baggage is not null)
        {
            headers.TryAddWithoutValidation(PreviewRoutingContext.BaggageHeader, _baggage);
        }

        headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
        headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
        if (httpContext.Connection.RemoteIpAddress is { } client)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }
    }
}
