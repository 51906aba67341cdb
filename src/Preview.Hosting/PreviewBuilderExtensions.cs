using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;
using PreviewAspire.Naming;

namespace Aspire.Hosting;

/// <summary>Declares a pull request's preview: its data surfaces, provisioner and service replicas.</summary>
public static class PreviewBuilderExtensions
{
    /// <summary>The environment every preview service runs in: not Development, so nothing relies on developer-only behaviour.</summary>
    public const string ServiceEnvironment = "Preview";

    /// <summary>
    /// Adds PR <paramref name="pullRequest"/>'s preview on the shared <paramref name="engines"/>: per-PR credentials (generated
    /// and kept in <paramref name="state"/> locally; deploy-time secrets when publishing) and connection strings for its
    /// own database, Redis user and RabbitMQ virtual host.
    /// </summary>
    public static IResourceBuilder<PreviewEnvironmentResource> AddPreview(
        this IDistributedApplicationBuilder builder,
        PullRequestId pullRequest,
        PreviewEngines engines,
        PreviewStateDirectory? state)
    {
        var names = pullRequest.Names;
        var preview = new PreviewEnvironmentResource(pullRequest);
        var secrets = state is null || builder.ExecutionContext.IsPublishMode ? null : new PreviewSecretStore(state.SecretsDirectory);
        IResourceBuilder<ParameterResource> Secret(string engine) => (secrets is null
                ? builder.AddParameter(names.Secret(engine), secret: true)
                : builder.AddParameter(names.Secret(engine), secrets.GetOrCreate(names.Slug, engine), secret: true))
            .WithParentRelationship(preview);

        var postgresPassword = Secret(PreviewSecretStore.PostgresKey);
        var redisPassword = Secret(PreviewSecretStore.RedisKey);
        var rabbitMqPassword = Secret(PreviewSecretStore.RabbitMqKey);
        preview.PostgresPassword = postgresPassword.Resource;
        preview.RedisPassword = redisPassword.Resource;
        preview.RabbitMqPassword = rabbitMqPassword.Resource;
        preview.Identity = new PreviewIdentity
        {
            PullRequest = Literal(pullRequest.ToString()),
            Database = Literal(names.Database),
            DatabaseRole = Literal(names.DatabaseRole),
            RedisUser = Literal(names.RedisUser),
            RabbitMqUser = Literal(names.RabbitMqUser),
            RabbitMqVirtualHost = Literal(names.RabbitMqVirtualHost),
            PostgresPassword = ReferenceExpression.Create($"{postgresPassword.Resource}"),
            RedisPassword = ReferenceExpression.Create($"{redisPassword.Resource}"),
            RabbitMqPassword = ReferenceExpression.Create($"{rabbitMqPassword.Resource}"),
        };
        builder.AddPreviewConnectionStrings(preview, engines);

        return builder.AddResource(preview)
            .WithIconName("BranchFork")
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Preview",
                State = KnownResourceStates.Running,
                Properties = [new("preview.pullRequest", pullRequest.ToString())],
            })
            .ExcludeFromManifest();
    }

    /// <summary>
    /// Adds the PR's run-to-completion provisioner (project <typeparamref name="TProject"/>): it creates the PR's database
    /// branch, role, Redis ACL user and RabbitMQ virtual host on the shared engines, idempotently. Preview services wait for it.
    /// </summary>
    public static IResourceBuilder<PreviewEnvironmentResource> WithProvisioner<TProject>(this IResourceBuilder<PreviewEnvironmentResource> preview, PreviewEngines engines)
        where TProject : IProjectMetadata, new()
    {
        var builder = preview.ApplicationBuilder;
        var resource = preview.Resource;
        var provisioner = builder.AddProject<TProject>(resource.ProvisionerName, launchProfileName: null)
            .WithParentRelationship(preview)
            .WithProvisionerInputs(resource, engines);
        if (!builder.ExecutionContext.IsPublishMode)
        {
            BuiltProjectLaunch.Apply(provisioner.Resource, new TProject());
        }

        foreach (var engine in engines.All)
        {
            provisioner.WaitFor(engine);
        }

        resource.Provisioner = provisioner.Resource;
        return preview;
    }

    /// <summary>
    /// What the provisioner executable reads: the PR, the engines' administrator connections and management API, and the
    /// PR's generated credentials; and its verb. The one place this contract is written, whoever starts the provisioner.
    /// </summary>
    internal static IResourceBuilder<T> WithProvisionerInputs<T>(this IResourceBuilder<T> provisioner, PreviewResource preview, PreviewEngines engines)
        where T : IResourceWithEnvironment, IResourceWithArgs =>
        provisioner
            .WithEnvironment("Preview__PullRequest", preview.Identity.PullRequest)
            .WithEnvironment("DOTNET_ENVIRONMENT", ServiceEnvironment)
            .WithReference(engines.Postgres)
            .WithReference(engines.Redis)
            .WithReference(engines.RabbitMq)
            .WithEnvironment("Preview__RabbitMqManagement", engines.RabbitMqManagementUrl)
            .WithEnvironment("Preview__Credentials__Postgres", preview.Identity.PostgresPassword)
            .WithEnvironment("Preview__Credentials__Redis", preview.Identity.RedisPassword)
            .WithEnvironment("Preview__Credentials__RabbitMq", preview.Identity.RabbitMqPassword)
            .WithArgs("provision");

    /// <summary>
    /// Adds one service replica of the preview (resource <c>pr&lt;id&gt;-&lt;service&gt;</c>, or <c>standby&lt;n&gt;-&lt;service&gt;</c>
    /// in a standby slot) from project <typeparamref name="TProject"/>: an HTTP endpoint, health probe on <c>/health</c>,
    /// <c>Preview__PullRequest</c>, grouped under the preview, started once the provisioner completed — in a standby slot,
    /// only when a PR is assigned to it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPreviewService<TProject>(this IResourceBuilder<PreviewResource> preview, string service)
        where TProject : IProjectMetadata, new()
    {
        var resource = preview.Resource;
        var isPublishMode = preview.ApplicationBuilder.ExecutionContext.IsPublishMode;
        var project = preview.ApplicationBuilder.AddProject<TProject>(resource.ServiceName(service), launchProfileName: null);
        if (isPublishMode)
        {
            project.WithHttpEndpoint();
        }
        else
        {
            // Not behind DCP's proxy: the proxy accepts connections before the replica listens and holds them, so the router's
            // requests to a starting preview hung instead of failing fast with "starting".
            var port = LoopbackPort.Free();
            project.WithHttpEndpoint(port: port, targetPort: port, isProxied: false);
        }

        project
            .WithHttpHealthCheck("/health")
            .WithParentRelationship(preview)
            .WithEnvironment("Preview__PullRequest", resource.Identity.PullRequest)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", ServiceEnvironment)
            .WithEnvironment("DOTNET_ENVIRONMENT", ServiceEnvironment);
        if (!isPublishMode)
        {
            BuiltProjectLaunch.Apply(project.Resource, new TProject());
            // Many small replicas share one machine: workstation GC and a conserving heap keep each near its working set.
            project.WithEnvironment("DOTNET_gcServer", "0").WithEnvironment("DOTNET_GCConserveMemory", "7");
        }

        if (resource.Provisioner is not null)
        {
            project.WaitForCompletion(preview.ApplicationBuilder.CreateResourceBuilder(resource.Provisioner));
        }

        if (resource.StartsWhenAssigned)
        {
            project.WithExplicitStart();
        }

        resource.ServiceMap[service] = project.Resource;
        return project;
    }

    /// <summary>Gives the service the PR's own database as connection string <paramref name="connectionName"/>.</summary>
    public static IResourceBuilder<T> WithPreviewDatabase<T>(this IResourceBuilder<T> service, IResourceBuilder<PreviewResource> preview, string connectionName)
        where T : IResourceWithEnvironment =>
        service.WithReference(preview.ApplicationBuilder.CreateResourceBuilder(preview.Resource.Database), connectionName);

    /// <summary>Gives the service the PR's Redis user as connection string <paramref name="connectionName"/>.</summary>
    public static IResourceBuilder<T> WithPreviewCache<T>(this IResourceBuilder<T> service, IResourceBuilder<PreviewResource> preview, string connectionName)
        where T : IResourceWithEnvironment =>
        service.WithReference(preview.ApplicationBuilder.CreateResourceBuilder(preview.Resource.Cache), connectionName);

    /// <summary>Gives the service the PR's RabbitMQ virtual host as connection string <paramref name="connectionName"/>.</summary>
    public static IResourceBuilder<T> WithPreviewMessaging<T>(this IResourceBuilder<T> service, IResourceBuilder<PreviewResource> preview, string connectionName)
        where T : IResourceWithEnvironment =>
        service.WithReference(preview.ApplicationBuilder.CreateResourceBuilder(preview.Resource.Messaging), connectionName);

    /// <summary>
    /// Adds the preview's three connection strings — its database, Redis user and RabbitMQ virtual host on the shared
    /// <paramref name="engines"/> — built from its <see cref="PreviewResource.Identity"/>.
    /// </summary>
    internal static void AddPreviewConnectionStrings(this IDistributedApplicationBuilder builder, PreviewResource preview, PreviewEngines engines)
    {
        var identity = preview.Identity;
        var pg = engines.PostgresAddress;
        preview.Database = builder.AddConnectionString(preview.ServiceName("postgres"), ReferenceExpression.Create(
                $"Host={pg.Host};Port={pg.Port};Database={identity.Database};Username={identity.DatabaseRole};Password={identity.PostgresPassword}"))
            .WithParentRelationship(preview).Resource;
        var redis = engines.RedisAddress;
        preview.Cache = builder.AddConnectionString(preview.ServiceName("redis"), ReferenceExpression.Create(
                $"{redis.Host}:{redis.Port},user={identity.RedisUser},password={identity.RedisPassword}"))
            .WithParentRelationship(preview).Resource;
        var amqp = engines.RabbitMqAddress;
        preview.Messaging = builder.AddConnectionString(preview.ServiceName("rabbitmq"), ReferenceExpression.Create(
                $"amqp://{identity.RabbitMqUser}:{identity.RabbitMqPassword}@{amqp.Host}:{amqp.Port}/{identity.RabbitMqVirtualHost}"))
            .WithParentRelationship(preview).Resource;
    }

    private static ReferenceExpression Literal(string value) => ReferenceExpression.Create($"{value}");
}
