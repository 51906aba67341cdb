using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// The shared engines every preview of this AppHost uses, whichever way they run. Connection strings are the
/// administrators'; previews get their own credentials through <see cref="PreviewEnvironmentResource"/>.
/// </summary>
public sealed class PreviewEngines
{
    /// <summary>How the engines run in this AppHost.</summary>
    public required InfrastructureMode Mode { get; init; }

    /// <summary>The Postgres server (superuser connection string).</summary>
    public required IResourceBuilder<IResourceWithConnectionString> Postgres { get; init; }

    /// <summary>The Postgres server's TCP endpoint.</summary>
    public required EndpointReference PostgresEndpoint { get; init; }

    /// <summary>The Redis server (default user's connection string).</summary>
    public required IResourceBuilder<IResourceWithConnectionString> Redis { get; init; }

    /// <summary>The Redis server's TCP endpoint.</summary>
    public required EndpointReference RedisEndpoint { get; init; }

    /// <summary>The RabbitMQ broker (administrator's connection string).</summary>
    public required IResourceBuilder<IResourceWithConnectionString> RabbitMq { get; init; }

    /// <summary>The broker's AMQP endpoint.</summary>
    public required EndpointReference RabbitMqEndpoint { get; init; }

    /// <summary>The broker's management HTTP endpoint, used to provision virtual hosts and users.</summary>
    public required EndpointReference RabbitMqManagementEndpoint { get; init; }

    /// <summary>All three engines, for <c>WaitFor</c>.</summary>
    public IEnumerable<IResourceBuilder<IResource>> All => [Postgres, Redis, RabbitMq];
}
