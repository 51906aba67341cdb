using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;
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
            OwnerOnlyFile.WriteText(server.ConfigurationFile, $"""
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
                """);
        });

        return builder.AddResource(server)
            .WithArgs(server.ConfigurationFile)
            .WithLoopbackEndpoint(LocalEngineResource.PrimaryEndpointName, port)
            .WithIconName("Memory")
            .WithReadinessCheck(resource => new RedisReadinessCheck(resource))
            .ExcludeFromManifest();
    }
}
