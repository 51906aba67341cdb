using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting;
using PreviewAspire.Hosting.Engines;
using PreviewAspire.Provisioning;

namespace Aspire.Hosting;

/// <summary>Adds the shared Postgres, Redis and RabbitMQ engines in the mode the machine supports.</summary>
public static class PreviewEnginesBuilderExtensions
{
    /// <summary>
    /// Adds the shared engines the host's settings ask for (<see cref="PreviewOptions.Infrastructure"/>, data in the state
    /// directory); see <see cref="AddPreviewEngines(IDistributedApplicationBuilder, InfrastructureMode, PreviewStateDirectory?)"/>.
    /// </summary>
    public static PreviewEngines AddPreviewEngines(this IDistributedApplicationBuilder builder)
    {
        var settings = PreviewHostSettings.Of(builder);
        return builder.AddPreviewEngines(settings.Options.Infrastructure, settings.State);
    }

    /// <summary>
    /// Adds the engines named <c>postgres</c>, <c>redis</c> and <c>rabbitmq</c>. In publish mode they are always the official
    /// Aspire container integrations, so manifests carry real images; in run mode <paramref name="mode"/> decides
    /// (<see cref="InfrastructureMode.Auto"/> uses containers only when a container engine answers).
    /// </summary>
    public static PreviewEngines AddPreviewEngines(this IDistributedApplicationBuilder builder, InfrastructureMode mode, PreviewStateDirectory? state)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return AddContainerEngines(builder, secrets: null);
        }

        ArgumentNullException.ThrowIfNull(state);
        var secrets = new PreviewSecretStore(state.SecretsDirectory);
        return ContainerRuntimeProbe.Resolve(mode) == InfrastructureMode.Container
            ? AddContainerEngines(builder, secrets)
            : AddProcessEngines(builder, state, secrets);
    }

    private static PreviewEngines AddProcessEngines(IDistributedApplicationBuilder builder, PreviewStateDirectory state, PreviewSecretStore secrets)
    {
        var postgres = builder.AddPostgresProcess("postgres", state.EngineDirectory("postgres"), EngineSecret(builder, secrets, "postgres"));
        var redis = builder.AddRedisProcess("redis", state.EngineDirectory("redis"), EngineSecret(builder, secrets, "redis"));
        var rabbitMq = builder.AddRabbitMqProcess("rabbitmq", state.EngineDirectory("rabbitmq"), EngineSecret(builder, secrets, "rabbitmq"));
        return new PreviewEngines
        {
            Postgres = postgres,
            PostgresAddress = EngineAddress.Of(postgres.Resource.PrimaryEndpoint),
            Redis = redis,
            RedisAddress = EngineAddress.Of(redis.Resource.PrimaryEndpoint),
            RabbitMq = rabbitMq,
            RabbitMqAddress = EngineAddress.Of(rabbitMq.Resource.PrimaryEndpoint),
            RabbitMqManagementUrl = ReferenceExpression.Create($"{rabbitMq.Resource.ManagementEndpoint.Property(EndpointProperty.Url)}"),
        };
    }

    /// <summary>
    /// The official Aspire container integrations. In run mode (container infrastructure) they get the bounds the
    /// process engines have (<see cref="EngineLimits"/>); the published manifest is left as the integrations write it.
    /// </summary>
    internal static PreviewEngines AddContainerEngines(IDistributedApplicationBuilder builder, PreviewSecretStore? secrets)
    {
        var postgres = builder.AddPostgres("postgres", password: EngineSecret(builder, secrets, "postgres"));
        var redis = builder.AddRedis("redis", password: EngineSecret(builder, secrets, "redis"));
        var rabbitMq = builder.AddRabbitMQ("rabbitmq", password: EngineSecret(builder, secrets, "rabbitmq")).WithManagementPlugin();
        if (builder.ExecutionContext.IsRunMode)
        {
            postgres.WithMaxConnections(EngineLimits.PostgresMaxConnections);
            redis.WithMemoryBound(EngineLimits.RedisMaxMemory(builder.Configuration));
            rabbitMq.WithMaxMessageSize(EngineLimits.RabbitMqMaxMessageBytes);
        }

        return new PreviewEngines
        {
            Postgres = postgres,
            PostgresAddress = EngineAddress.Of(postgres.Resource.PrimaryEndpoint),
            Redis = redis,
            RedisAddress = EngineAddress.Of(redis.Resource.PrimaryEndpoint),
            RabbitMq = rabbitMq,
            RabbitMqAddress = EngineAddress.Of(rabbitMq.Resource.PrimaryEndpoint),
            RabbitMqManagementUrl = ReferenceExpression.Create($"{rabbitMq.GetEndpoint("management").Property(EndpointProperty.Url)}"),
        };
    }

    /// <summary>An engine's administrator password: generated and kept in the state directory locally, a deploy-time input when publishing.</summary>
    private static IResourceBuilder<ParameterResource> EngineSecret(IDistributedApplicationBuilder builder, PreviewSecretStore? secrets, string engine) =>
        secrets is null
            ? builder.AddParameter($"{engine}-password", secret: true)
            : builder.AddParameter($"{engine}-password", secrets.GetOrCreate("engines", engine), secret: true);
}
