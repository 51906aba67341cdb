using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// Serves the standby requests of processes that want PRs added to this running AppHost (<see cref="StandbyRequestFiles"/>):
/// assigns free slots, provisions each PR, starts the slot's services with the PR's identity, publishes its routes to the
/// router, and — when the request is withdrawn or its process ends — withdraws the routes, stops the services and frees the slots.
/// </summary>
internal sealed class StandbyDispatcher(
    string stateRoot,
    IReadOnlyList<StandbyPreviewResource> slots,
    IReadOnlyCollection<int> ownPullRequests,
    IServiceProvider services,
    ILogger<StandbyDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan HealthPatience = TimeSpan.FromMinutes(3);
    private readonly Dictionary<int, Serving> _serving = [];
    private readonly HashSet<int> _answered = [];
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        StandbyRequestFiles.DeleteStale(stateRoot);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await DispatchAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // A failure here must not stop the AppHost and the previews it already serves.
                logger.LogError(ex, "Could not process the standby requests in {Directory}; retrying.", StandbyRequestFiles.DirectoryIn(stateRoot));
            }
        }
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        var requests = StandbyRequestFiles.ReadRequests(stateRoot);
        foreach (var request in requests)
        {
            if (!_serving.ContainsKey(request.Pid) && _answered.Add(request.Pid))
            {
                Answer(request, stoppingToken);
            }
        }

        foreach (var pid in _answered.ToArray())
        {
            if (!requests.Any(r => r.Pid == pid) || !LocalProcess.IsAlive(pid))
            {
                _answered.Remove(pid);
                if (_serving.Remove(pid, out var serving))
                {
                    await ReleaseAsync(serving).ConfigureAwait(false);
                }

                StandbyRequestFiles.DeleteResponse(stateRoot, pid);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var serving in _serving.Values)
        {
            // The orchestrator stops the services with this AppHost; only the routes and the answer are left to withdraw.
            foreach (var slot in serving.Slots)
            {
                PreviewRouteFiles.Delete(stateRoot, slot.Assignment!.PullRequest.Names.Slug);
            }

            StandbyRequestFiles.DeleteResponse(stateRoot, serving.Pid);
        }
    }

    private void Answer(StandbyRequest request, CancellationToken stoppingToken)
    {
        var pullRequests = new List<PullRequestId>();
        foreach (var number in request.PullRequests)
        {
            if (!PullRequestId.TryParse(number.ToString(System.Globalization.CultureInfo.InvariantCulture), out var id, out var error))
            {
                Respond(request.Pid, StandbyStatus.Failed, error);
                return;
            }

            if (RunningHere(id) is { } where)
            {
                Respond(request.Pid, StandbyStatus.Failed, $"PR {id} already runs {where}; stop it there first, or leave PR {id} out.");
                return;
            }

            pullRequests.Add(id);
        }

        var free = slots.Where(s => s.Assignment is null).ToList();
        if (free.Count < pullRequests.Count)
        {
            Respond(request.Pid, StandbyStatus.NoFreeSlot,
                $"{free.Count} of the {slots.Count} standby slots of the AppHost (pid {Environment.ProcessId}) are free, {pullRequests.Count} needed.");
            return;
        }

        var secrets = new PreviewSecretStore(PreviewSecretStore.DirectoryIn(stateRoot));
        var assigned = new List<StandbyPreviewResource>();
        foreach (var (pullRequest, slot) in pullRequests.Zip(free))
        {
            var slug = pullRequest.Names.Slug;
            slot.Assignment = new StandbyAssignment(
                pullRequest,
                new PreviewCredentials(secrets.GetOrCreate(slug, "postgres"), secrets.GetOrCreate(slug, "redis"), secrets.GetOrCreate(slug, "rabbitmq")),
                request.Pid);
            assigned.Add(slot);
        }

        var serving = new Serving(request.Pid, assigned, CancellationTokenSource.CreateLinkedTokenSource(stoppingToken));
        _serving[request.Pid] = serving;
        Respond(request.Pid, StandbyStatus.Starting,
            $"starting {string.Join(", ", assigned.Select(s => $"PR {s.Assignment!.PullRequest} in {s.Name}"))} of the AppHost (pid {Environment.ProcessId})");
        serving.Work = ServeAsync(serving);
    }

    private string? RunningHere(PullRequestId pullRequest)
    {
        if (ownPullRequests.Contains(pullRequest.Value))
        {
            return $"in the AppHost (pid {Environment.ProcessId})";
        }

        if (slots.FirstOrDefault(s => s.Assignment?.PullRequest == pullRequest) is { } slot)
        {
            return $"in {slot.Name}, for process {slot.Assignment!.RequesterPid}";
        }

        return PreviewRouteFiles.LiveOwners(stateRoot).TryGetValue(pullRequest.Value, out var pid) ? $"in the AppHost with pid {pid}" : null;
    }

    private async Task ServeAsync(Serving serving)
    {
        try
        {
            await Task.WhenAll(serving.Slots.Select(slot => StartAsync(slot, serving.Stopping.Token))).ConfigureAwait(false);
            Respond(serving.Pid, StandbyStatus.Ready, "ready");
        }
        catch (StandbyStartException ex)
        {
            logger.LogError("{Message}", ex.Message);
            Respond(serving.Pid, StandbyStatus.Failed, ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Withdrawn while starting; the release that cancelled it cleans up.
        }
    }

    private async Task StartAsync(StandbyPreviewResource slot, CancellationToken cancellationToken)
    {
        var pullRequest = slot.Assignment!.PullRequest;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await PublishAsync(slot, $"Starting PR {pullRequest}", KnownResourceStateStyles.Info).ConfigureAwait(false);
        if (!await new ProvisionerRun((ImmediateProvisionerResource)slot.Provisioner!, services).RunAsync(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new StandbyStartException($"Provisioning PR {pullRequest} failed; its output is in the log of '{slot.ProvisionerName}' in the dashboard.");
        }

        var provisioned = clock.Elapsed;
        // What the router serves starts first; the rest (the worker) once those answer, so they do not share the CPU
        // with it while they start.
        var served = slot.Services.Where(s => s.Key is "frontend" or "api").Select(s => s.Value).ToList();
        var background = slot.Services.Values.Except(served).ToList();
        await StartServicesAsync(slot, served, cancellationToken).ConfigureAwait(false);

        // The router answers "starting" (502) until the replicas listen, as for the AppHost's own PRs.
        PreviewRouteFiles.Write(stateRoot, pullRequest.Names.Slug, slot.Assignment.RequesterPid,
            slot.Services.ToDictionary(s => pullRequest.Names.Service(s.Key), s => PreviewServiceUrls.LocalUrl(s.Value)));
        await Task.WhenAll(served.Select(s => WaitHealthyAsync(slot, s, cancellationToken))).ConfigureAwait(false);
        await StartServicesAsync(slot, background, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(background.Select(s => WaitHealthyAsync(slot, s, cancellationToken))).ConfigureAwait(false);

        await PublishAsync(slot, $"Serving PR {pullRequest}", KnownResourceStateStyles.Success).ConfigureAwait(false);
        logger.LogInformation("PR {PullRequest} is served from {Slot}: provisioned in {Provisioned:0.0} s, services healthy {Healthy:0.0} s later.",
            pullRequest, slot.Name, provisioned.TotalSeconds, (clock.Elapsed - provisioned).TotalSeconds);
    }

    private async Task StartServicesAsync(StandbyPreviewResource slot, IEnumerable<ProjectResource> toStart, CancellationToken cancellationToken)
    {
        var commands = services.GetRequiredService<ResourceCommandService>();
        var started = await Task.WhenAll(toStart.Select(service => commands.ExecuteCommandAsync(service, KnownResourceCommands.StartCommand, cancellationToken))).ConfigureAwait(false);
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

    private async Task ReleaseAsync(Serving serving)
    {
        await serving.Stopping.CancelAsync().ConfigureAwait(false);
        if (serving.Work is { } work)
        {
            await work.ConfigureAwait(false);
        }

        var commands = services.GetRequiredService<ResourceCommandService>();
        foreach (var slot in serving.Slots)
        {
            var pullRequest = slot.Assignment!.PullRequest;
            PreviewRouteFiles.Delete(stateRoot, pullRequest.Names.Slug);
            foreach (var result in await Task.WhenAll(slot.Services.Values.Select(s => commands.ExecuteCommandAsync(s, KnownResourceCommands.StopCommand))).ConfigureAwait(false))
            {
                if (!result.Success)
                {
                    logger.LogDebug("Stopping a service of {Slot} reported: {Error}", slot.Name, result.Message);
                }
            }

            slot.Assignment = null;
            await PublishAsync(slot, "Standby", KnownResourceStateStyles.Info).ConfigureAwait(false);
            logger.LogInformation("PR {PullRequest} stopped; {Slot} stands by again.", pullRequest, slot.Name);
        }

        serving.Stopping.Dispose();
    }

    private Task PublishAsync(StandbyPreviewResource slot, string state, string style) =>
        services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(slot, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(state, style),
            Properties = [new ResourcePropertySnapshot("preview.pullRequest", slot.Assignment?.PullRequest.ToString() ?? string.Empty)],
        });

    private void Respond(int pid, StandbyStatus status, string message) =>
        StandbyRequestFiles.WriteResponse(stateRoot, pid, new StandbyResponse(status, message));

    private sealed class Serving(int pid, IReadOnlyList<StandbyPreviewResource> slots, CancellationTokenSource stopping)
    {
        public int Pid { get; } = pid;

        public IReadOnlyList<StandbyPreviewResource> Slots { get; } = slots;

        public CancellationTokenSource Stopping { get; } = stopping;

        public Task? Work { get; set; }
    }

    private sealed class StandbyStartException(string message) : Exception(message);
}
