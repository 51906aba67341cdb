namespace PreviewAspire.Router;

/// <summary>Builds the router: preview traffic on the public port, health and the host's control path on the others.</summary>
public static class RouterApp
{
    /// <summary>Creates the router application from command-line <paramref name="args"/>, environment and configuration files.</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<RouterOptions>(builder.Configuration.GetSection("Router"));
        builder.Services.PostConfigure<RouterOptions>(options =>
        {
            // The AppHost hands every part the shared Preview:Domain; Router:Domain overrides it for the router alone.
            if (builder.Configuration["Router:Domain"] is null && builder.Configuration["Preview:Domain"] is { Length: > 0 } domain)
            {
                options.Domain = domain;
            }
        });
        builder.Services.AddHttpForwarder();
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PreviewActivity>();
        if (string.Equals(builder.Configuration["Router:Mode"], "cluster", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<IPreviewDestinations, ClusterDestinations>();
        }
        else
        {
            builder.Services.AddSingleton<RouteTableDestinations>();
            builder.Services.AddSingleton<IPreviewDestinations>(sp => sp.GetRequiredService<RouteTableDestinations>());
            builder.Services.AddHostedService<RoutesFileWatcher>();
        }

        var app = builder.Build();
        // First in the pipeline: preview traffic skips routing and every other middleware.
        app.UseMiddleware<PreviewForwardingMiddleware>();
        app.UseRouting();
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive");
        app.MapRouterControl();
        return app;
    }
}
