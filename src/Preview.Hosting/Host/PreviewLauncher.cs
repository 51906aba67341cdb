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
    private readonly TaskCompletionSource<PreviewBaselineResource> _baseline = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Starts the baseline — provisioned, every service healthy — and routes <c>main.&lt;domain&gt;</c> to it. PRs that
    /// fork less than everything wait for it before they are routed.
    /// </summary>
    /// <exception cref="PreviewStartException">A step failed; the message says which and where its log is.</exception>
    public async Task StartBaselineAsync(PreviewBaselineResource baseline, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await PublishStateAsync(baseline, "Starting the baseline", KnownResourceStateStyles.Info).ConfigureAwait(false);
        await WaitForEnginesAsync(cancellationToken).ConfigureAwait(false);
        await ProvisionAsync(baseline, "the baseline").ConfigureAwait(false);
        var startedAt = DateTime.UtcNow;
        var all = baseline.Services.Values.ToList();
        await StartServicesAsync("the baseline", all, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(all.Select(s => WaitHealthyAsync("the baseline", s, startedAt, cancellationToken))).ConfigureAwait(false);
        routes.SetBaseline(EntryUrl(baseline, PreviewSurface.Frontend), EntryUrl(baseline, PreviewSurface.Api),
            baseline.Services.ToDictionary(s => s.Key, s => PreviewServiceUrls.LocalUrl(s.Value), StringComparer.Ordinal));
        await routes.WaitUntilPublishedAsync(RoutePatience).ConfigureAwait(false);
        _baseline.TrySetResult(baseline);
        await PublishStateAsync(baseline, "Serving main", KnownResourceStateStyles.Success).ConfigureAwait(false);
        logger.LogInformation("The baseline is served in {Seconds:0.0} s.", clock.Elapsed.TotalSeconds);
    }

    /// <summary>The baseline could not start: PRs that need it fail with <paramref name="reason"/> instead of waiting.</summary>
    public void BaselineFailed(string reason) => _baseline.TrySetException(new PreviewStartException(reason));

    /// <summary>
    /// Serves <paramref name="pullRequest"/> in <paramref name="preview"/> as <paramref name="plan"/> says: its data surfaces
    /// when it owns data, its forked services, and its hosts routed to its forks or else to the baseline. Returns once
    /// every forked service is healthy.
    /// </summary>
    /// <exception cref="PreviewStartException">A step failed; the message says which and where its log is.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; provisioning, once begun, is never cut short.</exception>
    public async Task StartAsync(PreviewResource preview, PullRequestId pullRequest, ForkPlan plan, Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var subject = $"PR {pullRequest}";
        await PublishAsync(preview, pullRequest, plan, $"Starting PR {pullRequest}", KnownResourceStateStyles.Info, heldBy: null).ConfigureAwait(false);
        progress($"{subject}: {plan.Summary}.");
        foreach (var reason in plan.Reasons)
        {
            progress($"{subject}:   {reason}");
        }

        await WaitForEnginesAsync(cancellationToken).ConfigureAwait(false);
        if (plan.OwnsData)
        {
            progress($"{subject}: provisioning its database, Redis user and RabbitMQ vhost ({preview.ProvisionerName}).");
            await ProvisionAsync(preview, subject).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        else
        {
            progress($"{subject}: no data of its own: it reads and writes through the baseline's services and data.");
        }

        var provisioned = clock.Elapsed;
        var baseline = plan.ForksEverything ? null : await WaitForBaselineAsync(subject, cancellationToken).ConfigureAwait(false);

        // What the router serves starts first; the rest (the worker) once those answer, so that it does not take CPU
        // from them while they start.
        var forked = Forked(preview, plan);
        var entries = Enum.GetValues<PreviewSurface>().Select(surface => EntryName(surface)).ToHashSet(StringComparer.Ordinal);
        var routed = forked.Where(s => entries.Contains(s.Key)).Select(s => s.Value).ToList();
        var background = forked.Where(s => !entries.Contains(s.Key)).Select(s => s.Value).ToList();
        var startedAt = DateTime.UtcNow;
        if (routed.Count > 0)
        {
            progress($"{subject}: starting {string.Join(", ", routed.Select(s => s.Name))}.");
            await StartServicesAsync(subject, routed, cancellationToken).ConfigureAwait(false);
        }

        // The router answers "starting" (502) until the replicas listen.
        routes.Set(pullRequest.Value,
            EntryUrl(plan.Forks(EntryName(PreviewSurface.Frontend)) ? preview : baseline!, PreviewSurface.Frontend),
            EntryUrl(plan.Forks(EntryName(PreviewSurface.Api)) ? preview : baseline!, PreviewSurface.Api),
            forked.ToDictionary(s => s.Key, s => PreviewServiceUrls.LocalUrl(s.Value), StringComparer.Ordinal));
        if (routed.Count > 0)
        {
            progress($"{subject}: waiting for {string.Join(", ", routed.Select(s => s.Name))} to report healthy.");
            await Task.WhenAll(routed.Select(s => WaitHealthyAsync(subject, s, startedAt, cancellationToken))).ConfigureAwait(false);
        }

        if (background.Count > 0)
        {
            progress($"{subject}: starting {string.Join(", ", background.Select(s => s.Name))}.");
            await StartServicesAsync(subject, background, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(background.Select(s => WaitHealthyAsync(subject, s, startedAt, cancellationToken))).ConfigureAwait(false);
        }

        // Services read the mesh from the router: a fork is reachable through the baseline once the router has the table.
        await routes.WaitUntilPublishedAsync(RoutePatience).ConfigureAwait(false);
        logger.LogInformation("PR {PullRequest} is served in {Preview} ({Plan}): provisioned in {Provisioned:0.0} s, services healthy {Healthy:0.0} s later.",
            pullRequest, preview.Name, plan.Summary, provisioned.TotalSeconds, (clock.Elapsed - provisioned).TotalSeconds);
    }

    /// <summary>The services of <paramref name="preview"/> that <paramref name="plan"/> forks, by short name.</summary>
    public static IReadOnlyList<KeyValuePair<string, ProjectResource>> Forked(PreviewResource preview, ForkPlan plan) =>
        [.. preview.Services.Where(s => plan.Forks(s.Key))];

    private async Task WaitForEnginesAsync(CancellationToken cancellationToken)
    {
        foreach (var engine in engines.All)
        {
            await _notifications.WaitForResourceHealthyAsync(engine.Resource.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ProvisionAsync(PreviewResource preview, string subject)
    {
        // A provisioner killed part-way would leave a half-made data surface: it always runs to its end.
        if (!await new ProvisionerRun((ImmediateProvisionerResource)preview.Provisioner!, services).RunAsync(CancellationToken.None).ConfigureAwait(false))
        {
            throw new PreviewStartException($"Provisioning {subject} failed; its output is in the log of '{preview.ProvisionerName}' in the dashboard.");
        }
    }

    private async Task<PreviewBaselineResource> WaitForBaselineAsync(string subject, CancellationToken cancellationToken)
    {
        if (!_baseline.Task.IsCompleted)
        {
            logger.LogInformation("{Subject} waits for the baseline to be served.", subject);
        }

        return await _baseline.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Uri EntryUrl(PreviewResource preview, PreviewSurface surface) => PreviewServiceUrls.LocalUrl(preview.Services[EntryName(surface)]);

    // The routed service's short name (api, frontend): the naming type's mapping without the PR's prefix.
    private static string EntryName(PreviewSurface surface)
    {
        var names = PreviewNames.Baseline;
        return names.ServiceFor(surface)[(names.Group.Length + 1)..];
    }

    /// <summary>Marks <paramref name="preview"/> as serving <paramref name="pullRequest"/> for <paramref name="heldBy"/>.</summary>
    public Task MarkServingAsync(PreviewResource preview, PullRequestId pullRequest, ForkPlan plan, string heldBy) =>
        PublishAsync(preview, pullRequest, plan, $"Serving PR {pullRequest}", KnownResourceStateStyles.Success, heldBy);

    /// <summary>Withdraws the PR from the router, stops the preview's services and waits until they have stopped.</summary>
    public async Task StopAsync(PreviewResource preview, PullRequestId pullRequest, ForkPlan plan)
    {
        routes.Remove(pullRequest.Value);
        // The router stops sending requests first, so none reaches a service that is stopping.
        await routes.WaitUntilPublishedAsync(RoutePatience).ConfigureAwait(false);
        await PublishAsync(preview, pullRequest, plan, $"Releasing PR {pullRequest}", KnownResourceStateStyles.Info, heldBy: null).ConfigureAwait(false);
        await StopServicesAsync(preview).ConfigureAwait(false);
        await PublishIdleAsync(preview).ConfigureAwait(false);
        logger.LogInformation("PR {PullRequest} released; {Preview} is idle.", pullRequest, preview.Name);
    }

    /// <summary>
    /// Puts the preview to sleep: the router answers its hosts with a wake-up page (and still records each request), then
    /// its services stop. Its data surfaces, its place and whoever holds it stay.
    /// </summary>
    public async Task SleepAsync(PreviewResource preview, PullRequestId pullRequest, ForkPlan plan, string heldBy)
    {
        routes.SetSleeping(pullRequest.Value, sleeping: true);
        await routes.WaitUntilPublishedAsync(RoutePatience).ConfigureAwait(false);
        await StopServicesAsync(preview).ConfigureAwait(false);
        await PublishAsync(preview, pullRequest, plan, $"Sleeping (PR {pullRequest})", KnownResourceStateStyles.Info, heldBy).ConfigureAwait(false);
        logger.LogInformation("PR {PullRequest} sleeps in {Preview}: no request for its idle time.", pullRequest, preview.Name);
    }

    /// <summary>
    /// Wakes a sleeping preview: starts its services again (already provisioned) and, once they are healthy, lets the
    /// router forward to them instead of answering with the wake-up page.
    /// </summary>
    /// <exception cref="PreviewStartException">A service did not start or become healthy.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the PR was released meanwhile).</exception>
    public async Task WakeAsync(PreviewResource preview, PullRequestId pullRequest, ForkPlan plan, string heldBy, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await PublishAsync(preview, pullRequest, plan, $"Waking PR {pullRequest}", KnownResourceStateStyles.Info, heldBy).ConfigureAwait(false);
        var startedAt = DateTime.UtcNow;
        var forked = Forked(preview, plan).Select(s => s.Value).ToList();
        await StartServicesAsync($"PR {pullRequest}", forked, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(forked.Select(s => WaitHealthyAsync($"PR {pullRequest}", s, startedAt, cancellationToken))).ConfigureAwait(false);
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
            Properties = SetProperties(snapshot.Properties, preview.BoundPullRequest?.ToString() ?? string.Empty, string.Empty, plan: null),
        }).ConfigureAwait(false);
        await PublishSurfacesAsync(preview, new ResourceStateSnapshot("Idle", KnownResourceStateStyles.Info)).ConfigureAwait(false);
    }

    private static bool IsRunning(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state && (state == KnownResourceStates.Running || state == KnownResourceStates.Starting || state == KnownResourceStates.Stopping);

    private async Task StartServicesAsync(string subject, IEnumerable<ProjectResource> toStart, CancellationToken cancellationToken)
    {
        var started = await Task.WhenAll(toStart.Select(service => _commands.ExecuteCommandAsync(service, KnownResourceCommands.StartCommand, cancellationToken))).ConfigureAwait(false);
        if (started.FirstOrDefault(r => !r.Success) is { } failure)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new PreviewStartException($"The services of {subject} did not start: {failure.Message}");
        }
    }

    private async Task WaitHealthyAsync(string subject, ProjectResource service, DateTime startedAt, CancellationToken cancellationToken)
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
                throw new PreviewStartException($"'{service.Name}' ({subject}) stopped while starting ({ready.Snapshot.State?.Text}, exit code {ready.Snapshot.ExitCode}); its log is in the dashboard.");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PreviewStartException($"'{service.Name}' ({subject}) did not report healthy within {HealthPatience.TotalMinutes:0} min; its log is in the dashboard.");
        }
    }

    private static bool IsStopped(string? state) =>
        state == KnownResourceStates.Exited || state == KnownResourceStates.FailedToStart || state == KnownResourceStates.Finished;

    private Task PublishStateAsync(PreviewResource preview, string state, string style) =>
        _notifications.PublishUpdateAsync(preview, snapshot => snapshot with { State = new ResourceStateSnapshot(state, style) });

    private async Task PublishAsync(PreviewResource preview, PullRequestId pullRequest, ForkPlan plan, string state, string style, string? heldBy)
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
            Properties = SetProperties(snapshot.Properties, pullRequest.ToString(), heldBy ?? string.Empty, plan),
        }).ConfigureAwait(false);
        await PublishSurfacesAsync(preview, !plan.OwnsData ? new ResourceStateSnapshot("Idle", KnownResourceStateStyles.Info) : heldBy is null
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

    private static ImmutableArray<ResourcePropertySnapshot> SetProperties(ImmutableArray<ResourcePropertySnapshot> properties, string pullRequest, string heldBy, ForkPlan? plan) =>
    [
        .. properties.Where(p => p.Name is not (PreviewStates.PullRequestProperty or PreviewStates.HeldByProperty or PreviewStates.ForksProperty or PreviewStates.ForkReasonsProperty)),
        new ResourcePropertySnapshot(PreviewStates.PullRequestProperty, pullRequest),
        new ResourcePropertySnapshot(PreviewStates.HeldByProperty, heldBy),
        new ResourcePropertySnapshot(PreviewStates.ForksProperty, plan?.Summary ?? string.Empty),
        new ResourcePropertySnapshot(PreviewStates.ForkReasonsProperty, plan is null ? string.Empty : string.Join("; ", plan.Reasons)),
    ];
}

/// <summary>A preview could not be started for its PR; the message is for the user who asked for the PR.</summary>
internal sealed class PreviewStartException(string message) : Exception(message);
