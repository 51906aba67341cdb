using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PreviewAspire.Hosting;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace Aspire.Hosting;

/// <summary>Declares the previews a host serves: one per PR it was started with, and the slots for PRs asked for later.</summary>
public static class PreviewHostBuilderExtensions
{
    /// <summary>
    /// Adds a preview for each PR the host was started with (<c>pr7</c>, …; when publishing with <c>--pr main</c>, the
    /// baseline's, <c>main</c>) and, in run mode, the baseline (<c>main</c>, unless <see cref="PreviewOptions.Baseline"/> is
    /// off) and the slots (<c>slot1</c>, …, <see cref="PreviewOptions.Slots"/> of them) on <paramref name="engines"/>, each
    /// with its provisioner <typeparamref name="TProvisioner"/>; the caller declares their services, the same for each. In run mode the host serves its own PRs
    /// once the engines are healthy, serves and releases PRs through its control socket and the previews' dashboard
    /// commands, and keeps <paramref name="router"/>'s route table. With no router (engines only) nothing is added.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<PreviewResource>> AddPreviews<TProvisioner>(
        this IDistributedApplicationBuilder builder, PreviewEngines engines, IResourceBuilder<ProjectResource>? router)
        where TProvisioner : IProjectMetadata, new()
    {
        var settings = PreviewHostSettings.Of(builder);
        var options = settings.Options;
        if (router is null)
        {
            return [];
        }

        var previews = new List<IResourceBuilder<PreviewResource>>();
        PreviewBaselineResource? baseline = null;
        if (!builder.ExecutionContext.IsPublishMode && options.Baseline)
        {
            baseline = builder.AddPreviewBaseline(engines, settings.State).WithProvisioner<PreviewBaselineResource, TProvisioner>(engines).Resource;
            previews.Add(builder.CreateResourceBuilder<PreviewResource>(baseline));
        }

        foreach (var pullRequest in options.PullRequests)
        {
            var preview = builder.AddPreview(pullRequest, engines, settings.State).WithProvisioner<PreviewEnvironmentResource, TProvisioner>(engines);
            previews.Add(builder.CreateResourceBuilder<PreviewResource>(preview.Resource));
        }

        if (builder.ExecutionContext.IsPublishMode)
        {
            if (options.PublishBaseline)
            {
                var published = builder.AddPreview(PreviewNames.Baseline, engines, settings.State).WithProvisioner<PreviewEnvironmentResource, TProvisioner>(engines);
                previews.Add(builder.CreateResourceBuilder<PreviewResource>(published.Resource));
            }

            return previews;
        }

        for (var slot = 1; slot <= options.Slots; slot++)
        {
            var preview = builder.AddResource(new PreviewSlotResource(new PreviewSlotNames(slot)))
                .WithIconName("BranchFork")
                .WithInitialState(PreviewStates.Idle("Preview slot"))
                .ExcludeFromManifest();
            builder.AddPreviewConnectionStrings(preview.Resource, engines);
            preview.WithProvisioner<PreviewSlotResource, TProvisioner>(engines);
            previews.Add(builder.CreateResourceBuilder<PreviewResource>(preview.Resource));
        }

        foreach (var preview in previews)
        {
            preview.Resource.Router = router.Resource;
            if (preview.Resource != baseline)
            {
                preview.WithServeAndReleaseCommands();
            }
        }

        builder.AddPreviewHostServices(settings, engines, router.Resource, [.. previews.Select(p => p.Resource)], baseline);
        return previews;
    }

    private static void AddPreviewHostServices(
        this IDistributedApplicationBuilder builder, PreviewHostSettings settings, PreviewEngines engines, ProjectResource router, IReadOnlyList<PreviewResource> previews, PreviewBaselineResource? baseline)
    {
        var routes = new PreviewRouteTable();
        builder.Services.AddSingleton(services => new PreviewHostService(
            settings,
            [.. previews.Where(p => p != baseline)],
            baseline,
            new PreviewLauncher(services, engines, routes, settings.PublicUrl, services.GetRequiredService<ILogger<PreviewLauncher>>()),
            services.GetRequiredService<ILogger<PreviewHostService>>()));
        builder.Services.AddHostedService(services => new RouterTablePublisher(
            routes, router, PreviewRouterBuilderExtensions.ControlTokenOf(router), services.GetRequiredService<ResourceNotificationService>(),
            services.GetRequiredService<ILogger<RouterTablePublisher>>()));
        if (settings.Options.IdleTimeout is { } idleAfter)
        {
            builder.Services.AddHostedService(services => new IdlePreviewMonitor(
                services.GetRequiredService<PreviewHostService>(), router, PreviewRouterBuilderExtensions.ControlTokenOf(router), idleAfter,
                services.GetRequiredService<ILogger<IdlePreviewMonitor>>()));
        }

        builder.Services.AddHostedService(services => new ControlSocketServer(
            settings.State!, services.GetRequiredService<PreviewHostService>(), EngineConnectionsResolver(engines), DashboardDefaults.LoginUrl(builder.Configuration),
            services.GetRequiredService<ILogger<ControlSocketServer>>()));
        builder.Services.AddHostedService(services => new ResourceSupervisor(
            KeptRunning(services.GetRequiredService<DistributedApplicationModel>(), previews, services.GetRequiredService<PreviewHostService>()),
            services.GetRequiredService<ResourceNotificationService>(), services.GetRequiredService<ResourceCommandService>(),
            services.GetRequiredService<ResourceLoggerService>(), services.GetRequiredService<IHostApplicationLifetime>(),
            services.GetRequiredService<ILogger<ResourceSupervisor>>()));
        builder.Services.AddHostedService(services => new OwnPreviewsStartup(settings.Options, services.GetRequiredService<PreviewHostService>(),
            services.GetRequiredService<ILogger<OwnPreviewsStartup>>()));
    }

    /// <summary>
    /// What the host keeps running: a preview's service while its preview serves a PR; every other process the host
    /// starts by itself (engines, epmd, the router) always.
    /// </summary>
    private static Func<IResource, bool> KeptRunning(DistributedApplicationModel model, IReadOnlyList<PreviewResource> previews, PreviewHostService host)
    {
        var previewServices = previews.SelectMany(p => p.Services.Values).ToHashSet<IResource>();
        var always = model.Resources
            .Where(r => r is ExecutableResource or ProjectResource or ContainerResource && !previewServices.Contains(r) && !r.TryGetAnnotationsOfType<ExplicitStartupAnnotation>(out _))
            .ToHashSet();
        return resource => always.Contains(resource) || previewServices.Contains(resource) && host.Serves(resource);
    }

    /// <summary>The engines' administrator connections once they are healthy, for the <c>preview</c> CLI.</summary>
    internal static Func<CancellationToken, Task<EngineConnections>> EngineConnectionsResolver(PreviewEngines engines) => async cancellationToken =>
        new EngineConnections(
            await ValueOf(engines.Postgres.Resource, cancellationToken).ConfigureAwait(false),
            await ValueOf(engines.Redis.Resource, cancellationToken).ConfigureAwait(false),
            await ValueOf(engines.RabbitMq.Resource, cancellationToken).ConfigureAwait(false),
            new Uri(await engines.RabbitMqManagementUrl.GetValueAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The RabbitMQ management endpoint has no URL.")));

    private static async Task<string> ValueOf(IResourceWithConnectionString resource, CancellationToken cancellationToken) =>
        await resource.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"'{resource.Name}' has no connection string.");

    /// <summary>Starts the baseline and serves the PRs the host was started with, each on its own, once the application has started.</summary>
    private sealed class OwnPreviewsStartup(PreviewOptions options, PreviewHostService host, ILogger<OwnPreviewsStartup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = host.StartBaselineAsync(message => logger.LogInformation("{Progress}", message));
            foreach (var pullRequest in options.PullRequests)
            {
                _ = ServeAsync(pullRequest);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private async Task ServeAsync(PullRequestId pullRequest)
        {
            var forks = OwnForks();
            var outcome = forks is null
                ? ServeOutcome.Of(HostEventKinds.Invalid, $"PR {pullRequest} is not served.")
                : await host.ServeAsync([pullRequest.ToString()], PreviewLease.Host, message => logger.LogInformation("{Progress}", message), CancellationToken.None, forks).ConfigureAwait(false);
            if (outcome.Kind != HostEventKinds.Ready)
            {
                logger.LogError("{Message}", outcome.Message);
            }
        }
    
        // --fork, or --changed-from read from git here (the host's own checkout); null after logging why when git fails.
        private ForkRequest? OwnForks()
        {
            if (options.ChangedFrom is not { } from)
            {
                return options.Fork is null ? ForkRequest.Everything : new ForkRequest(options.Fork, null);
            }

            if (!ChangedFromOption.TryRead(from, Directory.GetCurrentDirectory(), out var changed, out var error))
            {
                logger.LogError("{Message}", error);
                return null;
            }

            return new ForkRequest(null, changed);
        }
    }
}
