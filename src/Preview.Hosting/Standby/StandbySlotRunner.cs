using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// Starts a standby slot for the PR assigned to it — provisioner, then the services the router serves, their routes,
/// then the rest — and stops it again, through Aspire's own resource commands so the dashboard shows every step.
/// </summary>
internal sealed class StandbySlotRunner(string stateRoot, IServiceProvider services, ILogger logger)
{
    private static readonly TimeSpan HealthPatience = TimeSpan.FromMinutes(3);
    private readonly ResourceCommandService _commands = services.GetRequiredService<ResourceCommandService>();
    private readonly ResourceNotificationService _notifications = services.GetRequiredService<ResourceNotificationService>();
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Serves the slot's assigned PR; returns once all its services answer.</summary>
    /// <exception cref="StandbyStartException">A step failed; the message says which and where its log is.</exception>
    public async Task StartAsync(StandbyPreviewResource slot, CancellationToken cancellationToken)
    {
        var assignment = slot.Assignment!;
        var pullRequest = assignment.PullRequest;
        var clock = Stopwatch.StartNew();
        await PublishAsync(slot, $"Starting PR {pullRequest}", KnownResourceStateStyles.Info).ConfigureAwait(false);
        if (!await new ProvisionerRun((ImmediateProvisionerResource)slot.Provisioner!, services).RunAsync(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new StandbyStartException($"Provisioning PR {pullRequest} failed; its output is in the log of '{slot.ProvisionerName}' in the dashboard.");
        }

        var provisioned = clock.Elapsed;

        // What the router serves starts first; the rest (the worker) once those answer, so that it does not take CPU
        // from them while they start.
        var routed = Enum.GetValues<PreviewSurface>().Select(pullRequest.Names.ServiceFor).ToHashSet(StringComparer.Ordinal);
        var served = slot.Services.Where(s => routed.Contains(pullRequest.Names.Service(s.Key))).Select(s => s.Value).ToList();
        var background = slot.Services.Values.Except(served).ToList();
        await StartServicesAsync(slot, served, cancellationToken).ConfigureAwait(false);

        // The router answers "starting" (502) until the replicas listen, as for the AppHost's own PRs.
        PreviewRouteFiles.Write(stateRoot, pullRequest.Names.Slug, assignment.RequesterPid,
            slot.Services.ToDictionary(s => pullRequest.Names.Service(s.Key), s => PreviewServiceUrls.LocalUrl(s.Value)));
        await Task.WhenAll(served.Select(s => WaitHealthyAsync(slot, s, cancellationToken))).ConfigureAwait(false);
        await StartServicesAsync(slot, background, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(background.Select(s => WaitHealthyAsync(slot, s, cancellationToken))).ConfigureAwait(false);

        await PublishAsync(slot, $"Serving PR {pullRequest}", KnownResourceStateStyles.Success).ConfigureAwait(false);
        logger.LogInformation("PR {PullRequest} is served from {Slot}: provisioned in {Provisioned:0.0} s, services healthy {Healthy:0.0} s later.",
            pullRequest, slot.Name, provisioned.TotalSeconds, (clock.Elapsed - provisioned).TotalSeconds);
    }

    /// <summary>Withdraws the slot's PR from the router, stops its services and frees the slot.</summary>
    public async Task StopAsync(StandbyPreviewResource slot)
    {
        var pullRequest = slot.Assignment!.PullRequest;
        PreviewRouteFiles.Delete(stateRoot, pullRequest.Names.Slug);
        var stopped = await Task.WhenAll(slot.Services.Values.Select(s => _commands.ExecuteCommandAsync(s, KnownResourceCommands.StopCommand))).ConfigureAwait(false);
        foreach (var result in stopped.Where(r => !r.Success))
        {
            // A service that never started (the PR was withdrawn while starting) has nothing to stop.
            logger.LogDebug("Stopping a service of {Slot} reported: {Error}", slot.Name, result.Message);
        }

        slot.Assignment = null;
        await PublishAsync(slot, "Standby", KnownResourceStateStyles.Info).ConfigureAwait(false);
        logger.LogInformation("PR {PullRequest} stopped; {Slot} stands by again.", pullRequest, slot.Name);
    }

    private async Task StartServicesAsync(StandbyPreviewResource slot, IEnumerable<ProjectResource> toStart, CancellationToken cancellationToken)
    {
        var started = await Task.WhenAll(toStart.Select(service => _commands.ExecuteCommandAsync(service, KnownResourceCommands.StartCommand, cancellationToken))).ConfigureAwait(false);
        if (started.FirstOrDefault(r => !r.Success) is { } failure)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new StandbyStartException($"PR {slot.Assignment!.PullRequest}'s services did not start in {slot.Name}: {failure.Message}");
        }
    }

    private async Task WaitHealthyAsync(StandbyPreviewResource slot, ProjectResource service, CancellationToken cancellationToken)
    {
        var health = new Uri(PreviewServiceUrls.LocalUrl(service), "/health");
        var deadline = DateTime.UtcNow + HealthPatience;
        while (true)
        {
            try
            {
                using var response = await _probe.GetAsync(health, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new StandbyStartException(
                    $"'{service.Name}' (PR {slot.Assignment!.PullRequest}) did not answer {health} within {HealthPatience.TotalMinutes:0} min; its log is in the dashboard.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task PublishAsync(StandbyPreviewResource slot, string state, string style) =>
        _notifications.PublishUpdateAsync(slot, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(state, style),
            Properties = [new ResourcePropertySnapshot("preview.pullRequest", slot.Assignment?.PullRequest.ToString() ?? string.Empty)],
        });
}

/// <summary>A standby slot could not be started for its PR; the message is for the user who asked for the PR.</summary>
internal sealed class StandbyStartException(string message) : Exception(message);
