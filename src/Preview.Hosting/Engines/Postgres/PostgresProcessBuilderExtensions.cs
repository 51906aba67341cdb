using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;
using PreviewAspire.Hosting.Engines;
using PreviewAspire.Hosting.Engines.Postgres;

namespace Aspire.Hosting;

/// <summary>Adds PostgreSQL as a local server process (no container runtime needed).</summary>
public static class PostgresProcessBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL server process bound to 127.0.0.1 on a free port, its cluster under <paramref name="dataRoot"/>
    /// (created by initdb on first start), a superuser password, and a readiness check that opens a real connection.
    /// </summary>
    public static IResourceBuilder<PostgresProcessResource> AddPostgresProcess(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        string dataRoot,
        IResourceBuilder<ParameterResource> password)
    {
        var (command, args) = ProcessUser.Wrap(ServerBinary.Find("postgres", "postgresql"), "postgres");
        var port = LoopbackPort.Free();
        var server = new PostgresProcessResource(name, command, Path.GetFullPath(dataRoot), password.Resource);
        PostgresCluster.EnsureTraversable(server.DataRoot);
        args.AddRange([
            "-D", server.DataDirectory,
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
            "-c", $"max_connections={EngineLimits.PostgresMaxConnections}",
            // Preview data is disposable and rebuilt from seed code, so durability is traded for speed: without fsync,
            // branching a 100 MB template takes ~75 ms instead of ~300 ms (bench/branching.sh). Postgres still recovers
            // from killed processes; only an operating-system crash can damage the cluster (delete .preview/postgres then).
            "-c", "synchronous_commit=off",
            "-c", "fsync=off",
        ]);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, cancellationToken) =>
        {
            var secret = await server.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The password of '{name}' has no value.");
            await PostgresCluster.EnsureInitializedAsync(server.DataRoot, server.DataDirectory, secret, cancellationToken).ConfigureAwait(false);
        });

        return builder.AddResource(server)
            .WithArgs([.. args])
            .WithLoopbackEndpoint(LocalEngineResource.PrimaryEndpointName, port)
            .WithIconName("DatabaseMultiple")
            .WithReadinessCheck(resource => new PostgresReadinessCheck(resource))
            .ExcludeFromManifest();
    }
}
