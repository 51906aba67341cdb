using Yarp.ReverseProxy.Forwarder;

namespace PreviewAspire.Router;

/// <summary>Forwards the request as YARP does by default and tells the replica the original host, scheme and client.</summary>
public sealed class ForwardedHeadersTransformer : HttpTransformer
{
    /// <summary>The shared stateless instance.</summary>
    public static readonly ForwardedHeadersTransformer Instance = new();

    /// <inheritdoc />
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
        if (httpContext.Connection.RemoteIpAddress is { } client)
        {
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }
    }
}
