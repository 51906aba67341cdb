using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PreviewAspire.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every service of a preview shares: its <see cref="PreviewContext"/>, the routing context that follows each
/// request (<see cref="RoutingScope"/>), OpenTelemetry, health checks, service discovery and resilient HttpClients.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The path of the readiness endpoint: every health check must pass.</summary>
    public const string HealthPath = "/health";

    /// <summary>The path of the liveness endpoint: only checks tagged <see cref="LiveTag"/> run.</summary>
    public const string AlivePath = "/alive";

    /// <summary>The tag of health checks that tell whether the process is alive.</summary>
    public const string LiveTag = "live";

    /// <summary>The OpenTelemetry resource attribute that carries the PR number.</summary>
    public const string PullRequestResourceAttribute = "preview.pull_request";

    /// <summary>
    /// Adds the preview defaults. Throws <see cref="InvalidOperationException"/> when configuration
    /// <c>Preview:PullRequest</c> is missing or invalid, so a service never starts without knowing its preview.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var preview = PreviewContext.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(preview);
        builder.AddRoutingContext(preview);

        builder.ConfigureOpenTelemetry(preview);
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Retrying a POST that timed out could store it twice; only safe methods are retried.
            http.AddStandardResilienceHandler(resilience => resilience.Retry.DisableForUnsafeHttpMethods());
            // Before service discovery: a call for a PR that forks the service it addresses is sent to that fork instead.
            http.AddHttpMessageHandler(services => new RoutingContextHandler(preview, services.GetRequiredService<ServiceMesh>()));
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>Maps <see cref="HealthPath"/> and <see cref="AlivePath"/> in every environment: previews are not Development.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        return app;
    }

    /// <summary>
    /// Carries the routing context: entered from each request's <c>baggage</c> header before the application's own
    /// middleware, carried on every HttpClient call, and resolved against the router's service mesh when
    /// <c>Preview:Mesh</c> is set (by the host).
    /// </summary>
    private static void AddRoutingContext(this IHostApplicationBuilder builder, PreviewContext preview)
    {
        // In a Kubernetes pod (no router mesh) forks are found by namespace; Preview:ClusterDomain overrides the DNS suffix.
        var clusterDomain = builder.Configuration[ClusterForks.ClusterDomainKey]
            ?? (builder.Configuration["KUBERNETES_SERVICE_HOST"] is { Length: > 0 } ? "svc.cluster.local" : null);
        builder.Services.AddSingleton(clusterDomain is null ? new ServiceMesh() : new ServiceMesh(new ClusterForks(clusterDomain, 80, TimeProvider.System)));
        builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RoutingContextStartupFilter>();
        if (Uri.TryCreate(builder.Configuration[ServiceMeshClient.MeshKey], UriKind.Absolute, out var meshUrl))
        {
            builder.Services.AddHostedService(services => new ServiceMeshClient(
                meshUrl, services.GetRequiredService<ServiceMesh>(), services.GetRequiredService<ILogger<ServiceMeshClient>>()));
        }
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder, PreviewContext preview)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // The enricher is registered before the exporter so records are complete when they are batched.
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddAttributes(
                [new KeyValuePair<string, object>(PullRequestResourceAttribute, preview.Names.Key)]))
            .WithLogging(logging => logging.AddProcessor(new PreviewLogEnricher(preview)))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddProcessor(new RoutingContextSpanProcessor(preview))
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HealthPath) &&
                    !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    private static void AddDefaultHealthChecks(this IHostApplicationBuilder builder) =>
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
}
