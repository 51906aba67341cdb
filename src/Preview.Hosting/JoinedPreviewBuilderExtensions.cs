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
    /// watches) when this AppHost starts, and withdraws them when it stops. When the AppHost it joined stops, so does this one:
    /// its engines and router are gone.
    /// </summary>
    public static IResourceBuilder<PreviewEnvironmentResource> WithRoutesOnRunningRouter(
        this IResourceBuilder<PreviewEnvironmentResource> preview,
        PreviewStateDirectory state,
        EngineRuntime joined,
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
        builder.Services.AddHostedService(services => new JoinedAppHostWatch(
            state.Root, slug, joined.AppHostPid,
            services.GetRequiredService<IHostApplicationLifetime>(),
            services.GetRequiredService<ILogger<JoinedAppHostWatch>>()));
        return preview;
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

    private sealed class JoinedAppHostWatch(string stateRoot, string slug, int joinedPid, IHostApplicationLifetime lifetime, ILogger logger)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!LocalProcess.IsAlive(joinedPid))
                {
                    logger.LogWarning("The AppHost (pid {Pid}) whose engines and router this preview uses has stopped; stopping too.", joinedPid);
                    lifetime.StopApplication();
                    return;
                }
            }
        }

        public override async Task StopAsync(CancellationToken cancellationToken)
        {
            PreviewRouteFiles.Delete(stateRoot, slug);
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
