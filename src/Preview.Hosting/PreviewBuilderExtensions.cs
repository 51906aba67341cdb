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
        PreviewStateDirectory? state) =>
        builder.AddPreview(pullRequest.Names, engines, state);

    /// <summary>
    /// Adds the preview named by <paramref name="names"/> (a PR, or <see cref="PreviewNames.Baseline"/> when publishing the
    /// baseline's manifests) on the shared <paramref name="engines"/>, as <see cref="AddPreview(IDistributedApplicationBuilder, PullRequestId, PreviewEngines, PreviewStateDirectory?)"/>.
    /// </summary>
    public static IResourceBuilder<PreviewEnvironmentResource> AddPreview(
        this IDistributedApplicationBuilder builder,
        PreviewNames names,
        PreviewEngines engines,
        PreviewStateDirectory? state)
    {
        var preview = new PreviewEnvironmentResource(names);
        var (postgres, redis, rabbitMq) = builder.AddFixedIdentity(preview, names, state);
        preview.PostgresPassword = postgres;
        preview.RedisPassword = redis;
        preview.RabbitMqPassword = rabbitMq;
        builder.AddPreviewConnectionStrings(preview, engines);

        return builder.AddResource(preview)
            .WithIconName("BranchFork")
            .WithInitialState(PreviewStates.Idle("Preview") with { Properties = [new(PreviewStates.PullRequestProperty, names.Key)] })
            .ExcludeFromManifest();
    }

    /// <summary>
    /// Adds the baseline (run mode): services built from the checked-out code, on their own data surfaces on the shared
    /// <paramref name="engines"/>, with credentials kept in <paramref name="state"/>. It serves every PR's unforked services.
    /// </summary>
    public static IResourceBuilder<PreviewBaselineResource> AddPreviewBaseline(
        this IDistributedApplicationBuilder builder, PreviewEngines engines, PreviewStateDirectory? state)
    {
        var baseline = new PreviewBaselineResource();
        builder.AddFixedIdentity(baseline, baseline.Names, state);
        builder.AddPreviewConnectionStrings(baseline, engines);
        return builder.AddResource(baseline)
            .WithIconName("BranchCompare")
            .WithInitialState(PreviewStates.Idle("Baseline") with { Properties = [new(PreviewStates.PullRequestProperty, PreviewNames.BaselineKey)] })
            .ExcludeFromManifest();
    }

    // The identity of a preview whose names are fixed for the host's run (a PR it started with, or the baseline): its
    // passwords are parameters, generated and kept in the state directory locally, deploy-time secrets when publishing.
    private static (ParameterResource Postgres, ParameterResource Redis, ParameterResource RabbitMq) AddFixedIdentity(
        this IDistributedApplicationBuilder builder, PreviewResource preview, PreviewNames names, PreviewStateDirectory? state)
    {
        var secrets = state is null || builder.ExecutionContext.IsPublishMode ? null : new PreviewSecretStore(state.SecretsDirectory);
        ParameterResource Secret(string engine) => (secrets is null
                ? builder.AddParameter(names.Secret(engine), secret: true)
                : builder.AddParameter(names.Secret(engine), secrets.GetOrCreate(names.Slug, engine), secret: true))
            .WithParentRelationship(preview).Resource;

        var postgresPassword = Secret(PreviewSecretStore.PostgresKey);
        var redisPassword = Secret(PreviewSecretStore.RedisKey);
        var rabbitMqPassword = Secret(PreviewSecretStore.RabbitMqKey);
        preview.Identity = new PreviewIdentity
        {
            PullRequest = Literal(names.Key),
            Database = Literal(names.Database),
            DatabaseRole = Literal(names.DatabaseRole),
            RedisUser = Literal(names.RedisUser),
            RabbitMqUser = Literal(names.RabbitMqUser),
            RabbitMqVirtualHost = Literal(names.RabbitMqVirtualHost),
            PostgresPassword = ReferenceExpression.Create($"{postgresPassword}"),
            RedisPassword = ReferenceExpression.Create($"{redisPassword}"),
            RabbitMqPassword = ReferenceExpression.Create($"{rabbitMqPassword}"),
        };
        return (postgresPassword, redisPassword, rabbitMqPassword);
    }

    /// <summary>
    /// Adds the preview's run-to-completion provisioner (project <typeparamref name="TProject"/>): it creates the PR's
    /// database branch, role, Redis ACL user and RabbitMQ virtual host on the shared engines, idempotently. In publish mode
    /// it is a project the services wait for, which becomes the PR's Kubernetes Job; in run mode the host runs the built
    /// provisioner itself each time it serves a PR in the preview, before starting the services.
    /// </summary>
    public static IResourceBuilder<TPreview> WithProvisioner<TPreview, TProject>(this IResourceBuilder<TPreview> preview, PreviewEngines engines)
        where TPreview : PreviewResource
        where TProject : IProjectMetadata, new()
    {
        var builder = preview.ApplicationBuilder;
        var resource = preview.Resource;
        if (!builder.ExecutionContext.IsPublishMode)
        {
            preview.AddProvisionerRunByAppHost<TPreview, TProject>(engines);
            return preview;
        }

        var provisioner = builder.AddProject<TProject>(resource.ProvisionerName, launchProfileName: null)
            .WithParentRelationship(preview)
            .WithProvisionerInputs(resource, engines);
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
    /// Adds one service replica of the preview (resource <c>pr&lt;id&gt;-&lt;service&gt;</c>, or <c>slot&lt;n&gt;-&lt;service&gt;</c>
    /// in a slot) from project <typeparamref name="TProject"/>: an HTTP endpoint, health probe on <c>/health</c>,
    /// <c>Preview__PullRequest</c>, grouped under the preview. In run mode the host starts it when it serves a PR in the
    /// preview (after provisioning); in publish mode it waits for the provisioner.
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
        if (isPublishMode)
        {
            if (resource.Provisioner is not null)
            {
                project.WaitForCompletion(preview.ApplicationBuilder.CreateResourceBuilder(resource.Provisioner));
            }
        }
        else
        {
            BuiltProjectLaunch.Apply(project.Resource, new TProject());
            // Many small replicas share one machine: workstation GC and a conserving heap keep each near its working set.
            project.WithEnvironment("DOTNET_gcServer", "0").WithEnvironment("DOTNET_GCConserveMemory", "7");
            // The host starts it for a PR once that PR is provisioned (PreviewLauncher).
            project.WithExplicitStart();
            if (resource.Router is { } router)
            {
                project.WithEnvironment("Preview__Mesh", ReferenceExpression.Create($"{router.GetEndpoint("management").Property(EndpointProperty.Url)}/mesh"));
            }
        }

        resource.ServiceMap[service] = project.Resource;
        return project;
    }

    /// <summary>Gives the service the PR's own database as connection string <paramref name="connectionName"/>.</summary>
    public static IResourceBuilder<T> WithPreviewDatabase<T>(this IResourceBuilder<T> service, IResourceBuilder<PreviewResource> preview, string connectionName)
        where T : IResourceWithEnvironment =>
        service.WithReference(preview.ApplicationBuilder.CreateResourceBuilder(preview.Resource.Database), connectionName)
            .WithAnnotation(new PreviewDataAnnotation("postgres"));

    /// <summary>Gives the service the PR's Redis user as connection string <paramref name="connectionName"/>.</summary>
    public static IResourceBuilder<T> WithPreviewCache<T>(this IResourceBuilder<T> service, IResourceBuilder<PreviewResource> preview, string connectionName)
        where T : IResourceWithEnvironment =>
        service.WithReference(preview.ApplicationBuilder.CreateResourceBuilder(preview.Resource.Cache), connectionName)
            .WithAnnotation(new PreviewDataAnnotation("redis"));

    /// <summary>Gives the service the PR's RabbitMQ virtual host as connection string <paramref name="connectionName"/>.</summary>
    public static IResourceBuilder<T> WithPreviewMessaging<T>(this IResourceBuilder<T> service, IResourceBuilder<PreviewResource> preview, string connectionName)
        where T : IResourceWithEnvironment =>
        service.WithReference(preview.ApplicationBuilder.CreateResourceBuilder(preview.Resource.Messaging), connectionName)
            .WithAnnotation(new PreviewDataAnnotation("rabbitmq"));

    /// <summary>
    /// Adds the preview's three data surfaces — its database, Redis user and RabbitMQ virtual host on the shared
    /// <paramref name="engines"/> — as child resources with connection strings built from its <see cref="PreviewResource.Identity"/>.
    /// In publish mode they are plain connection strings, so the manifest carries their expressions.
    /// </summary>
    internal static void AddPreviewConnectionStrings(this IDistributedApplicationBuilder builder, PreviewResource preview, PreviewEngines engines)
    {
        var identity = preview.Identity;
        var pg = engines.PostgresAddress;
        var redis = engines.RedisAddress;
        var amqp = engines.RabbitMqAddress;
        preview.Database = Surface("postgres", ReferenceExpression.Create(
            $"Host={pg.Host};Port={pg.Port};Database={identity.Database};Username={identity.DatabaseRole};Password={identity.PostgresPassword}"));
        preview.Cache = Surface("redis", ReferenceExpression.Create(
            $"{redis.Host}:{redis.Port},user={identity.RedisUser},password={identity.RedisPassword}"));
        preview.Messaging = Surface("rabbitmq", ReferenceExpression.Create(
            $"amqp://{identity.RabbitMqUser}:{identity.RabbitMqPassword}@{amqp.Host}:{amqp.Port}/{identity.RabbitMqVirtualHost}"));

        IResourceWithConnectionString Surface(string engine, ReferenceExpression connectionString)
        {
            var name = preview.ServiceName(engine);
            if (builder.ExecutionContext.IsPublishMode)
            {
                return builder.AddConnectionString(name, connectionString).WithParentRelationship(preview).Resource;
            }

            return builder.AddResource(new PreviewDataSurfaceResource(name, connectionString, preview))
                .WithIconName(engine == "postgres" ? "Database" : engine == "redis" ? "Memory" : "Mail")
                .WithInitialState(PreviewStates.Idle("Data surface"))
                .ExcludeFromManifest()
                .Resource;
        }
    }

    private static ReferenceExpression Literal(string value) => ReferenceExpression.Create($"{value}");
}
