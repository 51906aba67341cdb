using Microsoft.AspNetCore.Builder;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace PreviewAspire.Router.Tests;

/// <summary>The real router on Kestrel: a public port that proxies and a management port, both on 127.0.0.1.</summary>
internal sealed class RunningRouter : IAsyncDisposable
{
    public const string Domain = "preview.test";
    public const string Token = "s3cret-token";

    private readonly WebApplication _app;

    private RunningRouter(WebApplication app, int publicPort, int managementPort)
    {
        _app = app;
        Public = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}/") };
        Management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}/") };
    }

    public HttpClient Public { get; }

    public HttpClient Management { get; }

    public static Task<RunningRouter> StartAsync(params string[] settings) => StartAsync(null, settings);

    public static async Task<RunningRouter> StartAsync(Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        var publicPort = LoopbackPorts.Free();
        var managementPort = LoopbackPorts.Free();
        string[] args =
        [
            $"--urls=http://127.0.0.1:{publicPort};http://127.0.0.1:{managementPort}",
            $"--Router:PublicPort={publicPort}",
            $"--Router:Domain={Domain}",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        var app = RouterApp.Create(args, configure);
        await app.StartAsync();
        return new RunningRouter(app, publicPort, managementPort);
    }

    /// <summary>A router (with the control token) whose route table serves PR 7's frontend and API from <paramref name="replica"/>.</summary>
    public static async Task<RunningRouter> StartForPr7Async(Uri replica, params string[] settings)
    {
        var router = await StartAsync([$"--Router:ControlToken={Token}", .. settings]);
        var put = await router.ControlAsync(HttpMethod.Put, "/routes", $$"""{"previews":[{"pullRequest":7,"frontend":"{{replica}}","api":"{{replica}}"}]}""");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, put.StatusCode);
        return router;
    }

    /// <summary>A raw TCP connection to the public port, for requests an HttpClient would not send as written.</summary>
    public async Task<NetworkStream> ConnectPublicAsync(CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Public.BaseAddress!.Host, Public.BaseAddress.Port, cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }

    public Task<HttpResponseMessage> GetAsync(string host, string path = "/", Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        configure?.Invoke(request);
        return Public.SendAsync(request);
    }

    public Task<HttpResponseMessage> ControlAsync(HttpMethod method, string path, string? json = null, string? token = Token)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Management.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Public.Dispose();
        Management.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
