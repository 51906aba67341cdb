using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PreviewAspire.Router.Tests;

/// <summary>A backend on a loopback port that answers with its name and the headers the router forwarded.</summary>
internal sealed class EchoBackend : IAsyncDisposable
{
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
            context.Request.Headers["traceparent"])));
        await app.StartAsync();
        return new EchoBackend(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
