using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;

namespace Aspire.Hosting;

/// <summary>Serves a preview through the router of another AppHost that runs on the same state directory.</summary>
public static class JoinedPreviewBuilderExtensions
{
    /// <summary>
    /// Publishes the preview's <paramref name="frontend"/> and <paramref name="api"/> to the running router (a route file it
    /// watches) when this AppHost starts, and withdraws them when it stops.
    /// </summary>
    public static IResourceBuilder<PreviewEnvironmentResource> WithRoutesOnRunningRouter(
        this IResourceBuilder<PreviewEnvironmentResource> preview,
        PreviewStateDirectory state,
        IResourceBuilder<ProjectResource> frontend,
        IResourceBuilder<ProjectResource> api)
    {
        var builder = preview.ApplicationBuilder;
        var slug = preview.Resource.Names.Slug;
        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            PreviewRouteFiles.Write(state.Root, slug, Environment.ProcessId, new Dictionary<string, Uri>
            {
                [frontend.Resource.Name] = PreviewServiceUrls.LocalUrl(frontend.Resource),
                [api.Resource.Name] = PreviewServiceUrls.LocalUrl(api.Resource),
            });
            return Task.CompletedTask;
        });
        builder.Services.AddHostedService(_ => new RouteWithdrawal(state.Root, slug));
        return preview;
    }

    /// <summary>Stops this AppHost when the AppHost it <paramref name="joined"/> stops: the engines and router its PRs use are gone.</summary>
    public static IDistributedApplicationBuilder StopWithJoinedAppHost(this IDistributedApplicationBuilder builder, EngineRuntime joined)
    {
        builder.Services.AddHostedService(services => new JoinedAppHostWatch(
            joined.AppHostPid,
            services.GetRequiredService<IHostApplicationLifetime>(),
            services.GetRequiredService<ILogger<JoinedAppHostWatch>>()));
        return builder;
    }

    /// <summary>
    /// Gives this AppHost's dashboard free loopback ports: the joined AppHost's dashboard already holds the configured ones.
    /// Call before the application builder is created.
    /// </summary>
    public static void UseFreeDashboardPorts()
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_URLS", $"http://127.0.0.1:{LoopbackPort.Free()}");
        Environment.SetEnvironmentVariable("ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", $"http://127.0.0.1:{LoopbackPort.Free()}");
        Environment.SetEnvironmentVariable("ASPIRE_DASHBOARD_RESOURCESERVICE_ENDPOINT_URL", $"http://127.0.0.1:{LoopbackPort.Free()}");
        Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
    }

    private sealed class JoinedAppHostWatch(int joinedPid, IHostApplicationLifetime lifetime, ILogger logger)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!LocalProcess.IsAlive(joinedPid))
                {
                    logger.LogWarning("The AppHost (pid {Pid}) whose engines and router these previews use has stopped; stopping too.", joinedPid);
                    lifetime.StopApplication();
                    return;
                }
            }
        }
    }

    private sealed class RouteWithdrawal(string stateRoot, string slug) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            PreviewRouteFiles.Delete(stateRoot, slug);
            return Task.CompletedTask;
        }
    }
}
