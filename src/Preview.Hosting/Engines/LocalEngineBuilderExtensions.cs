using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>What every local engine process needs from its resource builder.</summary>
internal static class LocalEngineBuilderExtensions
{
    /// <summary>An endpoint the engine itself listens on (no orchestrator proxy), bound to 127.0.0.1 on <paramref name="port"/>.</summary>
    public static IResourceBuilder<T> WithLoopbackEndpoint<T>(this IResourceBuilder<T> builder, string name, int port, string scheme = "tcp")
        where T : IResourceWithEndpoints =>
        builder
            .WithEndpoint(port: port, targetPort: port, name: name, scheme: scheme, isProxied: false)
            .WithEndpoint(name, endpoint => endpoint.TargetHost = "127.0.0.1");

    /// <summary>Registers <paramref name="check"/> as the resource's readiness check, so <c>WaitFor</c> waits until it passes.</summary>
    public static IResourceBuilder<T> WithReadinessCheck<T>(this IResourceBuilder<T> builder, Func<T, IHealthCheck> check)
        where T : IResource
    {
        var key = $"{builder.Resource.Name}_ready";
        var resource = builder.Resource;
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => check(resource), HealthStatus.Unhealthy, tags: null));
        return builder.WithHealthCheck(key);
    }
}
