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

        var postgresPassword = Secret("postgres");
        var redisPassword = Secret("redis");
        var rabbitMqPassword = Secret("rabbitmq");
        preview.PostgresPassword = postgresPassword.Resource;
        preview.RedisPassword = redisPassword.Resource;
        preview.RabbitMqPassword = rabbitMqPassword.Resource;

        var pg = engines.PostgresAddress;
        preview.Database = builder.AddConnectionString(names.Service("postgres"), ReferenceExpression.Create(
                $"Host={pg.Host};Port={pg.Port};Database={names.Database};Username={names.DatabaseRole};Password={postgresPassword}"))
            .WithParentRelationship(preview).Resource;
        var redis = engines.RedisAddress;
        preview.Cache = builder.AddConnectionString(names.Service("redis"), ReferenceExpression.Create(
                $"{redis.Host}:{redis.Port},user={names.RedisUser},password={redisPassword}"))
            .WithParentRelationship(preview).Resource;
        var amqp = engines.RabbitMqAddress;
        preview.Messaging = builder.AddConnectionString(names.Service("rabbitmq"), ReferenceExpression.Create(
                $"amqp://{names.RabbitMqUser}:{rabbitMqPassword}@{amqp.Host}:{amqp.Port}/{names.RabbitMqVirtualHost}"))
            .WithParentRelationship(preview).Resource;

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
        var provisioner = builder.AddProject<TProject>(resource.Names.Provisioner, launchProfileName: null)
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
    internal static IResourceBuilder<T> WithProvisionerInputs<T>(this IResourceBuilder<T> provisioner, PreviewEnvironmentResource preview, PreviewEngines engines)
        where T : IResourceWithEnvironment, IResourceWithArgs =>
        provisioner
            .WithEnvironment("Preview__PullRequest", preview.PullRequest.ToString())
            .WithEnvironment("DOTNET_ENVIRONMENT", ServiceEnvironment)
            .WithReference(engines.Postgres)
            .WithReference(engines.Redis)
            .WithReference(engines.RabbitMq)
            .WithEnvironment("Preview__RabbitMqManagement", engines.RabbitMqManagementUrl)
            .WithEnvironment("Preview__Credentials__Postgres", preview.PostgresPassword)
            .WithEnvironment("Preview__Credentials__Redis", preview.RedisPassword)
            .WithEnvironment("Preview__Credentials__RabbitMq", preview.RabbitMqPassword)
            .WithArgs("provision");

    /// <summary>
    /// Adds one service replica of the preview (resource <c>pr&lt;id&gt;-&lt;service&gt;</c>) from project <typeparamref name="TProject"/>:
    /// an HTTP endpoint, health probe on <c>/health</c>, <c>Preview__PullRequest</c>, grouped under the preview, started once the provisioner completed.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPreviewService<TProject>(this IResourceBuilder<PreviewEnvironmentResource> preview, string service)
        where TProject : IProjectMetadata, new()
    {
        var resource = preview.Resource;
        var isPublishMode = preview.ApplicationBuilder.ExecutionContext.IsPublishMode;
        var project = preview.ApplicationBuilder.AddProject<TProject>(resource.Names.Service(service), launchProfileName: null);
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
            .WithEnvironment("Preview__PullRequest", resource.PullRequest.ToString())
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

        return project;
    }

    /// <summary>Gives the service the PR's own database as connection string <paramref name="connectionName"/>.</summary>
    public static IResourceBuilder<T> WithPreviewDatabase<T>(this IResourceBuilder<T> service, IResourceBuilder<PreviewEnvironmentResource> preview, string connectionName)
        where T : IResourceWithEnvironment =>
        service.WithReference(preview.ApplicationBuilder.CreateResourceBuilder(preview.Resource.Database), connectionName);

    /// <summary>Gives the service the PR's Redis user as connection string <paramref name="connectionName"/>.</summary>
    public static IResourceBuilder<T> WithPreviewCache<T>(this IResourceBuilder<T> service, IResourceBuilder<PreviewEnvironmentResource> preview, string connectionName)
        where T : IResourceWithEnvironment =>
        service.WithReference(preview.ApplicationBuilder.CreateResourceBuilder(preview.Resource.Cache), connectionName);

    /// <summary>Gives the service the PR's RabbitMQ virtual host as connection string <paramref name="connectionName"/>.</summary>
    public static IResourceBuilder<T> WithPreviewMessaging<T>(this IResourceBuilder<T> service, IResourceBuilder<PreviewEnvironmentResource> preview, string connectionName)
        where T : IResourceWithEnvironment =>
        service.WithReference(preview.ApplicationBuilder.CreateResourceBuilder(preview.Resource.Messaging), connectionName);
}
