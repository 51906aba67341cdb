namespace PreviewAspire.EndToEndTests;

/// <summary>
/// The preview under test, from the environment: <c>PREVIEW_FRONTEND_URL</c> and <c>PREVIEW_API_URL</c> (for example
/// <c>https://pr42.previews.example.com/</c> and <c>https://pr42-api.previews.example.com/</c>), and optionally
/// <c>PREVIEW_UNKNOWN_URL</c>, a host of the same router that serves no preview. Black-box: nothing but these URLs is used.
/// </summary>
internal static class PreviewTarget
{
    public const string FrontendVariable = "PREVIEW_FRONTEND_URL";
    public const string ApiVariable = "PREVIEW_API_URL";
    public const string UnknownVariable = "PREVIEW_UNKNOWN_URL";

    /// <summary>Why the suite is skipped, or null when both URLs are set.</summary>
    public static string? Missing =>
        Frontend is null || Api is null
            ? $"No preview to test: set {FrontendVariable} and {ApiVariable} to a preview's frontend and API URLs (see docs/kubernetes.md, 'End-to-end suite')."
            : null;

    public static Uri? Frontend => Read(FrontendVariable);

    public static Uri? Api => Read(ApiVariable);

    public static Uri? Unknown => Read(UnknownVariable);

    /// <summary>
    /// An HTTP client for <paramref name="baseAddress"/>. Names under <c>localhost</c> (a local preview's
    /// <c>pr42.preview.localhost</c>) connect to loopback as RFC 6761 reserves them, as browsers and curl do; the
    /// system resolver on Linux does not.
    /// </summary>
    public static HttpClient Client(Uri baseAddress) => new(new SocketsHttpHandler { ConnectCallback = ConnectAsync })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var loopback = host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await (loopback
                ? socket.ConnectAsync(System.Net.IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken)
                : socket.ConnectAsync(context.DnsEndPoint, cancellationToken));
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Uri? Read(string variable) =>
        Uri.TryCreate(Environment.GetEnvironmentVariable(variable), UriKind.Absolute, out var uri) ? EndWithSlash(uri) : null;

    private static Uri EndWithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
