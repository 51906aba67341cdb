using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// Answers the standby requests of processes that want PRs added to this running AppHost (<see cref="StandbyRequestFiles"/>):
/// refuses PRs that already run, assigns free slots and has <see cref="StandbySlotRunner"/> start them; when the request
/// is withdrawn or its process ends, stops them again and frees the slots.
/// </summary>
internal sealed class StandbyDispatcher(
    string stateRoot,
    IReadOnlyList<StandbyPreviewResource> slots,
    IReadOnlyCollection<int> ownPullRequests,
    IServiceProvider services,
    ILogger<StandbyDispatcher> logger) : BackgroundService
{
    private readonly StandbySlotRunner _runner = new(stateRoot, services, logger);
    private readonly Dictionary<int, Serving> _serving = [];
    private readonly HashSet<int> _answered = [];

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
        var standing = new HashSet<int>();
        foreach (var request in StandbyRequestFiles.ReadRequests(stateRoot))
        {
            if (!LocalProcess.IsAlive(request.Pid))
            {
                // Killed before it could withdraw its request: withdraw it on its behalf.
                StandbyRequestFiles.DeleteRequest(stateRoot, request.Pid);
                continue;
            }

            standing.Add(request.Pid);
            if (_answered.Add(request.Pid))
            {
                Answer(request, stoppingToken);
            }
        }

        foreach (var pid in _answered.Where(pid => !standing.Contains(pid)).ToList())
        {
            _answered.Remove(pid);
            if (_serving.Remove(pid, out var serving))
            {
                await ReleaseAsync(serving).ConfigureAwait(false);
            }

            StandbyRequestFiles.DeleteResponse(stateRoot, pid);
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
            slot.Assignment = new StandbyAssignment(pullRequest, secrets.GetOrCreateCredentials(pullRequest.Names.Slug), request.Pid);
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
            await Task.WhenAll(serving.Slots.Select(slot => _runner.StartAsync(slot, serving.Stopping.Token))).ConfigureAwait(false);
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

    private async Task ReleaseAsync(Serving serving)
    {
        await serving.Stopping.CancelAsync().ConfigureAwait(false);
        if (serving.Work is { } work)
        {
            await work.ConfigureAwait(false);
        }

        foreach (var slot in serving.Slots)
        {
            await _runner.StopAsync(slot).ConfigureAwait(false);
        }

        serving.Stopping.Dispose();
    }

    private void Respond(int pid, StandbyStatus status, string message) =>
        StandbyRequestFiles.WriteResponse(stateRoot, pid, new StandbyResponse(status, message));

    private sealed class Serving(int pid, IReadOnlyList<StandbyPreviewResource> slots, CancellationTokenSource stopping)
    {
        public int Pid { get; } = pid;

        public IReadOnlyList<StandbyPreviewResource> Slots { get; } = slots;

        public CancellationTokenSource Stopping { get; } = stopping;

        public Task? Work { get; set; }
    }

}
