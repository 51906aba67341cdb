using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PreviewAspire.Hosting;
using PreviewAspire.Hosting.Engines;
using PreviewAspire.Hosting.Engines.Redis;

namespace Aspire.Hosting;

/// <summary>Adds Redis as a local server process (no container runtime needed).</summary>
public static class RedisProcessBuilderExtensions
{
    /// <summary>
    /// Adds a redis-server bound to 127.0.0.1 on a free port, password-protected, snapshotting under
    /// <paramref name="dataRoot"/>, with a readiness check that authenticates and pings.
    /// </summary>
    public static IResourceBuilder<RedisProcessResource> AddRedisProcess(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        string dataRoot,
        IResourceBuilder<ParameterResource> password)
    {
        var port = LoopbackPort.Free();
        var server = new RedisProcessResource(name, ServerBinary.Find("redis-server", "redis-server"), Path.GetFullPath(dataRoot), password.Resource);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, cancellationToken) =>
        {
            var secret = await server.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false);
            // The password lives in an owner-only file rather than on the command line, where ps and the dashboard would show it.
            await OwnerOnlyFile.WriteAsync(server.ConfigurationFile, $"""
                bind 127.0.0.1
                port {port}
                protected-mode yes
                daemonize no
                logfile ""
                dir {server.DataRoot}
                dbfilename dump.rdb
                save 60 1
                appendonly no
                requirepass {secret}
                """, cancellationToken).ConfigureAwait(false);
        });

        var healthCheckKey = $"{name}_ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey, _ => new RedisReadinessCheck(server), HealthStatus.Unhealthy, tags: null));

        return builder.AddResource(server)
            .WithArgs(server.ConfigurationFile)
            .WithEndpoint(port: port, targetPort: port, name: RedisProcessResource.PrimaryEndpointName, scheme: "tcp", isProxied: false)
            .WithEndpoint(RedisProcessResource.PrimaryEndpointName, e => e.TargetHost = "127.0.0.1")
            .WithIconName("Memory")
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }
}
