using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// The shared engines every preview of this AppHost uses, whichever way they run. Connection strings are the
/// administrators'; previews get their own credentials through <see cref="PreviewEnvironmentResource"/>.
/// </summary>
public sealed class PreviewEngines
{
    /// <summary>The Postgres server (superuser connection string).</summary>
    public required IResourceBuilder<IResourceWithConnectionString> Postgres { get; init; }

    /// <summary>Where the Postgres server listens.</summary>
    public required EngineAddress PostgresAddress { get; init; }

    /// <summary>The Redis server (default user's connection string).</summary>
    public required IResourceBuilder<IResourceWithConnectionString> Redis { get; init; }

    /// <summary>Where the Redis server listens.</summary>
    public required EngineAddress RedisAddress { get; init; }

    /// <summary>The RabbitMQ broker (administrator's connection string).</summary>
    public required IResourceBuilder<IResourceWithConnectionString> RabbitMq { get; init; }

    /// <summary>Where the broker's AMQP listener is.</summary>
    public required EngineAddress RabbitMqAddress { get; init; }

    /// <summary>The base URL of the broker's management API, used to provision virtual hosts and users.</summary>
    public required ReferenceExpression RabbitMqManagementUrl { get; init; }

    /// <summary>All three engines, for <c>WaitFor</c>.</summary>
    public IEnumerable<IResourceBuilder<IResource>> All => [Postgres, Redis, RabbitMq];
}
