using System.Text;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PreviewAspire.Router.FastPath;
using PreviewAspire.Router.Forwarding;

namespace PreviewAspire.Router;

/// <summary>Builds the router: preview traffic on the public port, health and the host's control path on the others.</summary>
public static class RouterApp
{
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        // Per-request logs (hosting's "Request starting/finished", YARP's "Proxying to") cost more than the forwarding
        // itself; failures are still logged, by the forwarding middleware. With hosting's log off and no tracing listener
        // in the router, no Activity is created per request either: the caller's traceparent/tracestate reach the replica
        // unchanged, rather than naming a router span that no collector ever receives. (The caller's baggage never does:
        // ForwardedHeadersTransformer sets the routing context from the host alone.)
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",
        ["Logging:LogLevel:Yarp.ReverseProxy.Forwarder"] = "Warning",
    };

    /// <summary>Creates the router application from command-line <paramref name="args"/>, environment and configuration files.</summary>
    /// <param name="args">Command-line arguments (configuration keys such as <c>--Router:PublicPort=8080</c>).</param>
    /// <param name="configure">Runs last before the application is built, to replace services (tests: a fake <see cref="IServiceResolver"/>).</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Defaults below every other configuration source, so environment and files still override them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        builder.Services.Configure<RouterOptions>(builder.Configuration.GetSection("Router"));
        builder.Services.PostConfigure<RouterOptions>(options =>
        {
            // The AppHost hands every part the shared Preview:Domain; Router:Domain overrides it for the router alone.
            if (builder.Configuration["Router:Domain"] is null && builder.Configuration["Preview:Domain"] is { Length: > 0 } domain)
            {
                options.Domain = domain;
            }
        });
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = InlineCompletions.Enabled);
        // A replica's response header bytes pass through as they are (a UTF-8 download name, say): read and written as
        // Latin-1, one char per byte, instead of Kestrel refusing anything outside ASCII.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ResponseHeaderEncodingSelector = _ => Encoding.Latin1);
        // What decides which services to register, read from the same section (and defaults) the options are bound from.
        var settings = builder.Configuration.GetSection("Router").Get<RouterOptions>() ?? new RouterOptions();
        var clusterMode = string.Equals(settings.Mode, "cluster", StringComparison.OrdinalIgnoreCase);
        if (settings.FastPath && LinuxSockets.Supported && !clusterMode)
        {
            // Kestrel's socket transport stays for every other port; the public port gets the fast path's listener. (In
            // cluster mode replicas are Services named by host, which the fast path never takes.)
            builder.Services.AddSingleton<FastPathRouting>();
            builder.Services.RemoveAll<IConnectionListenerFactory>();
            builder.Services.AddSingleton<IConnectionListenerFactory, FastPathTransportFactory>();
        }

        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<UpstreamPools>();
        builder.Services.AddSingleton<DirectForwarder>();
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PreviewActivity>();
        if (clusterMode)
        {
            builder.Services.AddSingleton<IServiceResolver, DnsServiceResolver>();
            builder.Services.AddSingleton<IPreviewDestinations, ClusterDestinations>();
        }
        else
        {
            builder.Services.AddSingleton<ServiceMesh>();
            builder.Services.AddSingleton<RouteTableDestinations>();
            builder.Services.AddSingleton<IPreviewDestinations>(sp => sp.GetRequiredService<RouteTableDestinations>());
            builder.Services.AddHostedService<RoutesFileWatcher>();
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        // First in the pipeline: preview traffic skips routing and every other middleware.
        app.UseMiddleware<PreviewForwardingMiddleware>();
        app.UseRouting();
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive");
        app.MapRouterControl();
        app.MapServiceMesh();
        return app;
    }
}
