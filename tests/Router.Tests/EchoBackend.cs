using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PreviewAspire.Router.Tests;

/// <summary>
/// A backend on a loopback port that answers with its name and the headers the router forwarded:
/// <c>name|path|X-Forwarded-Host|X-Forwarded-Proto|X-Forwarded-For|traceparent|baggage</c>.
/// </summary>
internal sealed class EchoBackend : IAsyncDisposable
{
    /// <summary>What the echo's last field says when the request had no <c>baggage</c> header.</summary>
    public const string NoBaggage = "(no baggage)";

    private readonly WebApplication _app;

    private EchoBackend(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<EchoBackend> StartAsync(string name)
    {
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(string.Join('|',
            name,
            context.Request.Path,
            context.Request.Headers["X-Forwarded-Host"],
            context.Request.Headers["X-Forwarded-Proto"],
            context.Request.Headers["X-Forwarded-For"],
            context.Request.Headers["traceparent"],
            context.Request.Headers.TryGetValue("baggage", out var baggage) ? string.Join(";", baggage.ToArray()) : NoBaggage)));
        await app.StartAsync();
        return new EchoBackend(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
