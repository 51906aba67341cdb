using System.Collections.Immutable;
using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using PreviewAspire.Naming;

namespace PreviewAspire.Hosting;

/// <summary>
/// Starts a preview for a PR — provisioner, then the services the router serves and their routes, then the rest — and
/// stops it again, through Aspire's own resource commands and notifications, so the dashboard shows every step.
/// </summary>
internal sealed class PreviewLauncher(
    IServiceProvider services,
    PreviewEngines engines,
    PreviewRouteTable routes,
    Func<PullRequestId, PreviewSurface, string> publicUrl,
    ILogger logger)
{
    private static readonly TimeSpan HealthPatience = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RoutePatience = TimeSpan.FromSeconds(5);
    private readonly ResourceCommandService _commands = services.GetRequiredService<ResourceCommandService>();
    private readonly ResourceNotificationService _notifications = services.GetRequiredService<ResourceNotificationService>();

    /// <summary>Serves <paramref name="pullRequest"/> in <paramref name="preview"/>; returns once all its services are healthy.</summary>
    /// <exception cref="PreviewStartException">A step failed; the message says which and where its log is.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; provisioning, once begun, is never cut short.</exception>
    public async Task StartAsync(PreviewResource preview, PullRequestId pullRequest, Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await PublishAsync(preview, pullRequest, $"Starting PR {pullRequest}", KnownResourceStateStyles.Info, heldBy: null).ConfigureAwait(false);
        foreach (var engine in engines.All)
        {
            await _notifications.WaitForResourceHealthyAsync(engine.Resource.Name, cancellationToken).ConfigureAwait(false);
        }

        progress($"PR {pullRequest}: provisioning its database, Redis user and RabbitMQ vhost ({preview.ProvisionerName}).");
        // A provisioner killed part-way would leave a half-made data surface: it always runs to its end.
        if (!await new ProvisionerRun((ImmediateProvisionerResource)preview.Provisioner!, services).RunAsync(CancellationToken.None).ConfigureAwait(false))
        {
            throw new PreviewStartException($"Provisioning PR {pullRequest} failed; its output is in the log of '{preview.ProvisionerName}' in the dashboard.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var provisioned = clock.Elapsed;

        // What the router serves starts first; the rest (the worker) once those answer, so that it does not take CPU
        // from them while they start.
        var names = pullRequest.Names;
        var routed = Enum.GetValues<PreviewSurface>().ToDictionary(surface => surface, surface => preview.Services[ShortName(names, surface)]);
        var background = preview.Services.Values.Except(routed.Values).ToList();
        progress($"PR {pullRequest}: starting {string.Join(", ", routed.Values.Select(s => s.Name))}.");
        var startedAt = DateTime.UtcNow;
        await StartServicesAsync(pullRequest, routed.Values, cancellationToken).ConfigureAwait(false);

        // The router answers "starting" (502) until the replicas listen.
        routes.Set(pullRequest.Value, PreviewServiceUrls.LocalUrl(routed[PreviewSurface.Frontend]), PreviewServiceUrls.LocalUrl(routed[PreviewSurface.Api]));
        progress($"PR {pullRequest}: waiting for {string.Join(", ", routed.Values.Select(s => s.Name))} to report healthy.");
        await Task.WhenAll(routed.Values.Select(s => WaitHealthyAsync(pullRequest, s, startedAt, cancellationToken))).ConfigureAwait(false);
        if (background.Count > 0)
        {
            progress($"PR {pullRequest}: starting {string.Join(", ", background.Select(s => s.Name))}.");
            await StartServicesAsync(pullRequest, background, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(background.Select(s => WaitHealthyAsync(pullRequest, s, startedAt, cancellationToken))).ConfigureAwait(false);
        }

        logger.LogInformation("PR {PullRequest} is served in {Preview}: provisioned in {Provisioned:0.0} s, services healthy {Healthy:0.0} s later.",
            pullRequest, preview.Name, provisioned.TotalSeconds, (clock.Elapsed - provisioned).TotalSeconds);
    }

    /// <summary>Marks <paramref name="preview"/> as serving <paramref name="pullRequest"/> for <paramref name="heldBy"/>.</summary>
    public Task MarkServingAsync(PreviewResource preview, PullRequestId pullRequest, string heldBy) =>
        PublishAsync(preview, pullRequest, $"Serving PR {pullRequest}", KnownResourceStateStyles.Success, heldBy);

    /// <summary>Withdraws the PR from the router, stops the preview's services and waits until they have stopped.</summary>
    public async Task StopAsync(PreviewResource preview, PullRequestId pullRequest)
    {
        routes.Remove(pullRequest.Value);
        // The router stops sending requests first, so none reaches a service that is stopping.
        await routes.WaitUntilPublishedAsync(RoutePatience).ConfigureAwait(false);
        await PublishAsync(preview, pullRequest, $"Releasing PR {pullRequest}", KnownResourceStateStyles.Info, heldBy: null).ConfigureAwait(false);
        await StopServicesAsync(preview).ConfigureAwait(false);
        await PublishIdleAsync(preview).ConfigureAwait(false);
        logger.LogInformation("PR {PullRequest} released; {Preview} is idle.", pullRequest, preview.Name);
    }

    /// <summary>
    /// Puts the preview to sleep: the router answers its hosts with a wake-up page (and still records each request), then
    /// its services stop. Its data surfaces, its place and whoever holds it stay.
    /// </summary>
    public async Task SleepAsync(PreviewResource preview, PullRequestId pullRequest, string heldBy)
    {
        routes.SetSleeping(pullRequest.Value, sleeping: true);
        await routes.WaitUntilPublishedAsync(RoutePatience).ConfigureAwait(false);
        await StopServicesAsync(preview).ConfigureAwait(false);
        await PublishAsync(preview, pullRequest, $"Sleeping (PR {pullRequest})", KnownResourceStateStyles.Info, heldBy).ConfigureAwait(false);
        logger.LogInformation("PR {PullRequest} sleeps in {Preview}: no request for its idle time.", pullRequest, preview.Name);
    }

    /// <summary>
    /// Wakes a sleeping preview: starts its services again (already provisioned) and, once they are healthy, lets the
    /// router forward to them instead of answering with the wake-up page.
    /// </summary>
    /// <exception cref="PreviewStartException">A service did not start or become healthy.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the PR was released meanwhile).</exception>
    public async Task WakeAsync(PreviewResource preview, PullRequestId pullRequest, string heldBy, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await PublishAsync(preview, pullRequest, $"Waking PR {pullRequest}", KnownResourceStateStyles.Info, heldBy).ConfigureAwait(false);
        var startedAt = DateTime.UtcNow;
        await StartServicesAsync(pullRequest, preview.Services.Values, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(preview.Services.Values.Select(s => WaitHealthyAsync(pullRequest, s, startedAt, cancellationToken))).ConfigureAwait(false);
        // Replicas listen on fixed ports, so the sleeping route already points where they listen again.
        routes.SetSleeping(pullRequest.Value, sleeping: false);
        logger.LogInformation("PR {PullRequest} woke in {Preview} in {Seconds:0.0} s.", pullRequest, preview.Name, clock.Elapsed.TotalSeconds);
    }

    private async Task StopServicesAsync(PreviewResource preview)
    {
        var stopped = await Task.WhenAll(preview.Services.Values.Select(s => _commands.ExecuteCommandAsync(s, KnownResourceCommands.StopCommand))).ConfigureAwait(false);
        foreach (var result in stopped.Where(r => !r.Success))
        {
            // A service that never started (the PR was released while starting) has nothing to stop.
            logger.LogDebug("Stopping a service of {Preview} reported: {Error}", preview.Name, result.Message);
        }

        using var patience = new CancellationTokenSource(StopPatience);
        try
        {
            await Task.WhenAll(preview.Services.Values.Select(s => _notifications.WaitForResourceAsync(s.Name, e => !IsRunning(e.Snapshot), patience.Token))).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The services of {Preview} did not stop within {Seconds} s.", preview.Name, StopPatience.TotalSeconds);
        }
    }

    /// <summary>Shows <paramref name="preview"/> and its data surfaces as serving no PR.</summary>
    public async Task PublishIdleAsync(PreviewResource preview)
    {
        await _notifications.PublishUpdateAsync(preview, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot("Idle", KnownResourceStateStyles.Info),
            Urls = [],
            Properties = SetProperties(snapshot.Properties, preview.BoundPullRequest?.ToString() ?? string.Empty, string.Empty),
        }).ConfigureAwait(false);
        await PublishSurfacesAsync(preview, new ResourceStateSnapshot("Idle", KnownResourceStateStyles.Info)).ConfigureAwait(false);
    }

    // The routed service's short name (api, frontend): the naming type's mapping without the PR's prefix.
    private static string ShortName(PreviewNames names, PreviewSurface surface) => names.ServiceFor(surface)[(names.Group.Length + 1)..];

    private static bool IsRunning(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state && (state == KnownResourceStates.Running || state == KnownResourceStates.Starting || state == KnownResourceStates.Stopping);

    private async Task StartServicesAsync(PullRequestId pullRequest, IEnumerable<ProjectResource> toStart, CancellationToken cancellationToken)
    {
        var started = await Task.WhenAll(toStart.Select(service => _commands.ExecuteCommandAsync(service, KnownResourceCommands.StartCommand, cancellationToken))).ConfigureAwait(false);
        if (started.FirstOrDefault(r => !r.Success) is { } failure)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new PreviewStartException($"PR {pullRequest}'s services did not start: {failure.Message}");
        }
    }

    private async Task WaitHealthyAsync(PullRequestId pullRequest, ProjectResource service, DateTime startedAt, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(HealthPatience);
        try
        {
            // Healthy, or stopped since this start (an earlier run's stop does not count).
            var ready = await _notifications.WaitForResourceAsync(service.Name, e =>
                e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy
                || IsStopped(e.Snapshot.State?.Text) && e.Snapshot.StopTimeStamp >= startedAt, patience.Token).ConfigureAwait(false);
            if (ready.Snapshot.State?.Text != KnownResourceStates.Running)
            {
                throw new PreviewStartException($"'{service.Name}' (PR {pullRequest}) stopped while starting ({ready.Snapshot.State?.Text}, exit code {ready.Snapshot.ExitCode}); its log is in the dashboard.");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PreviewStartException($"'{service.Name}' (PR {pullRequest}) did not report healthy within {HealthPatience.TotalMinutes:0} min; its log is in the dashboard.");
        }
    }

    private static bool IsStopped(string? state) =>
        state == KnownResourceStates.Exited || state == KnownResourceStates.FailedToStart || state == KnownResourceStates.Finished;

    private async Task PublishAsync(PreviewResource preview, PullRequestId pullRequest, string state, string style, string? heldBy)
    {
        ImmutableArray<UrlSnapshot> urls =
        [
            new UrlSnapshot("frontend", publicUrl(pullRequest, PreviewSurface.Frontend), IsInternal: false),
            new UrlSnapshot("api", publicUrl(pullRequest, PreviewSurface.Api), IsInternal: false),
        ];
        await _notifications.PublishUpdateAsync(preview, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(state, style),
            Urls = urls,
            Properties = SetProperties(snapshot.Properties, pullRequest.ToString(), heldBy ?? string.Empty),
        }).ConfigureAwait(false);
        await PublishSurfacesAsync(preview, heldBy is null
            ? new ResourceStateSnapshot(KnownResourceStates.Starting, KnownResourceStateStyles.Info)
            : new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success)).ConfigureAwait(false);
    }

    private async Task PublishSurfacesAsync(PreviewResource preview, ResourceStateSnapshot state)
    {
        foreach (var surface in new[] { preview.Database, preview.Cache, preview.Messaging }.OfType<PreviewDataSurfaceResource>())
        {
            await _notifications.PublishUpdateAsync(surface, snapshot => snapshot with { State = state }).ConfigureAwait(false);
        }
    }

    private static ImmutableArray<ResourcePropertySnapshot> SetProperties(ImmutableArray<ResourcePropertySnapshot> properties, string pullRequest, string heldBy) =>
    [
        .. properties.Where(p => p.Name is not (PreviewStates.PullRequestProperty or PreviewStates.HeldByProperty)),
        new ResourcePropertySnapshot(PreviewStates.PullRequestProperty, pullRequest),
        new ResourcePropertySnapshot(PreviewStates.HeldByProperty, heldBy),
    ];
}

/// <summary>A preview could not be started for its PR; the message is for the user who asked for the PR.</summary>
internal sealed class PreviewStartException(string message) : Exception(message);
