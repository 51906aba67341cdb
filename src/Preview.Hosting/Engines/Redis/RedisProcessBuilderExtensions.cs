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
    /// <paramref name="dataRoot"/>, bounded to <see cref="EngineLimits.RedisMaxMemoryKey"/> bytes (least-recently-used
    /// keys are evicted, as suits a cache), with a readiness check that authenticates and pings. Its users live in an
    /// ACL file (<see cref="RedisProcessResource.AclFile"/>), so the PRs' users the provisioner saves there survive a
    /// restart; the server runs with umask 077, so what it writes itself (the snapshot, the ACL file on
    /// <c>ACL SAVE</c>) is owner-only.
    /// </summary>
    public static IResourceBuilder<RedisProcessResource> AddRedisProcess(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        string dataRoot,
        IResourceBuilder<ParameterResource> password)
    {
        var port = LoopbackPort.Free();
        var maxMemory = EngineLimits.RedisMaxMemory(builder.Configuration);

        var (command, args) = OwnerOnlyUmask.Wrap(ServerBinary.Find("redis-server", "redis-server"));
        var server = new RedisProcessResource(name, command, Path.GetFullPath(dataRoot), password.Resource);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, cancellationToken) =>
        {
            var secret = await server.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The password of '{name}' has no value.");
            // The directory holds the snapshot and the users of every PR. The password lives in the owner-only ACL file
            // (hashed) rather than on the command line, where ps and the dashboard would show it. With an aclfile Redis
            // takes the default user from that file alone, so it is written before the server reads it.
            OwnerOnlyDirectory.EnsureRestricted(server.DataRoot);
            RedisAclFile.WriteBeforeStart(server.AclFile, secret);
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
                maxmemory {maxMemory}
                maxmemory-policy {EngineLimits.RedisEvictionPolicy}
                aclfile {server.AclFile}
                """);
        });

        return builder.AddResource(server)
            .WithArgs([.. args, server.ConfigurationFile])
            .WithLoopbackEndpoint(LocalEngineResource.PrimaryEndpointName, port)
            .WithIconName("Memory")
            .WithReadinessCheck(resource => new RedisReadinessCheck(resource))
            .ExcludeFromManifest();
    }
}
