using PreviewAspire.Router;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddJsonFile(builder.Configuration["Router:RoutesFile"] ?? "routes.json", optional: true, reloadOnChange: true);
if (builder.Configuration["Router:RoutesDirectory"] is { Length: > 0 } routesDirectory)
{
    ((IConfigurationBuilder)builder.Configuration).Add(new RouteDirectoryConfigurationSource(routesDirectory));
}

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
builder.Services.AddSingleton<IPreviewDestinations>(sp =>
    string.Equals(builder.Configuration["Router:Mode"], "cluster", StringComparison.OrdinalIgnoreCase)
        ? ActivatorUtilities.CreateInstance<ClusterDestinations>(sp)
        : ActivatorUtilities.CreateInstance<ServiceDiscoveryDestinations>(sp));

var app = builder.Build();
app.UseMiddleware<PreviewForwardingMiddleware>();
app.MapHealthChecks("/health");
app.MapHealthChecks("/alive");
app.Run();
