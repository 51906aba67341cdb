using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// The one place that decides what the host serves. Every way of adding or removing a PR — the host's own PRs at start,
/// the dashboard's and the Aspire CLI's commands, a later run or <c>preview up</c> over the control socket — calls it,
/// and it holds every rule: a PR id must be valid, a PR is served once, a request is served whole or not at all, a slot
/// must be free, nothing new starts while the host stops.
/// </summary>
internal sealed partial class PreviewHostService(
    PreviewHostSettings settings,
    IReadOnlyList<PreviewResource> previews,
    PreviewBaselineResource? baseline,
    PreviewLauncher launcher,
    ILogger<PreviewHostService> logger)
{
    private readonly ForkDecider _forks = CreateForkDecider(previews, baseline);
    private volatile bool _baselineServing;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<PreviewResource, Serving> _serving = [];
    private readonly PreviewSecretStore? _secrets = settings.State is null ? null : new PreviewSecretStore(settings.State.SecretsDirectory);
    private volatile bool _stopping;

    private int SlotCount => previews.Count(p => p.BoundPullRequest is null);

    /// <summary>
    /// Serves the PRs given as text (validated here) for <paramref name="lease"/>, reporting steps to <paramref name="progress"/>.
    /// When <paramref name="leaseEnded"/> fires before they are served, what was started is released again. What they
    /// fork follows <paramref name="forks"/> (everything when null).
    /// </summary>
    public async Task<ServeOutcome> ServeAsync(IReadOnlyList<string>? requested, PreviewLease lease, Action<string> progress, CancellationToken leaseEnded, ForkRequest? forks = null)
    {
        var (pullRequests, invalid) = Parse(requested);
        if (invalid is not null)
        {
            return ServeOutcome.Of(HostEventKinds.Invalid, invalid);
        }

        ForkPlan plan;
        try
        {
            plan = _forks.Decide(forks ?? ForkRequest.Everything);
        }
        catch (PreviewUsageException ex)
        {
            return ServeOutcome.Of(HostEventKinds.Invalid, ex.Message);
        }

        List<Serving> started;
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (Refusal(pullRequests) is { } refusal)
            {
                return ServeOutcome.Of(HostEventKinds.Refused, refusal);
            }

            var free = new Queue<PreviewResource>(previews.Where(p => p.BoundPullRequest is null && !_serving.ContainsKey(p)));
            started = [];
            foreach (var pullRequest in pullRequests)
            {
                var place = previews.FirstOrDefault(p => p.BoundPullRequest == pullRequest) ?? free.Dequeue();
                if (place is PreviewSlotResource slot)
                {
                    slot.Assignment = new SlotAssignment(pullRequest, _secrets!.GetOrCreateCredentials(pullRequest.Names.Slug));
                }

                var serving = new Serving(place, pullRequest, lease, plan);
                _serving[place] = serving;
                started.Add(serving);
            }
        }
        finally
        {
            _gate.Release();
        }

        foreach (var serving in started)
        {
            progress($"PR {serving.PullRequest}: serving in {serving.Place.Name}.");
            serving.Work = StartAsync(serving, progress, leaseEnded);
        }

        try
        {
            await Task.WhenAll(started.Select(s => s.Work!)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PreviewStartException or OperationCanceledException)
        {
            foreach (var serving in started)
            {
                await ReleaseAsync(serving).ConfigureAwait(false);
            }

            logger.LogWarning("Serving {PullRequests} ended early: {Reason}", Describe(started), ex.Message);
            return ex is PreviewStartException
                ? ServeOutcome.Of(HostEventKinds.Failed, $"{ex.Message} Nothing of this request is served now.")
                : ServeOutcome.Of(HostEventKinds.Released, $"Released {Describe(started)}: the request ended before they were served.");
        }

        foreach (var serving in started)
        {
            serving.State = "serving";
            await launcher.MarkServingAsync(serving.Place, serving.PullRequest, serving.Plan, lease.Description).ConfigureAwait(false);
        }

        return new ServeOutcome(HostEventKinds.Ready, $"Serving {Describe(started)}.", [.. started.Select(Describe)]);
    }

    /// <summary>Stops serving the PRs given as text, whoever asked for them.</summary>
    public async Task<ServeOutcome> ReleaseAsync(IReadOnlyList<string>? requested)
    {
        var (pullRequests, invalid) = Parse(requested);
        if (invalid is not null)
        {
            return ServeOutcome.Of(HostEventKinds.Invalid, invalid);
        }

        var found = Servings().Where(s => pullRequests.Contains(s.PullRequest)).ToList();
        var missing = pullRequests.Except(found.Select(s => s.PullRequest)).ToList();
        foreach (var serving in found)
        {
            await ReleaseAsync(serving).ConfigureAwait(false);
        }

        return missing.Count > 0 && found.Count == 0
            ? ServeOutcome.Of(HostEventKinds.Refused, $"{Describe(missing)} {(missing.Count == 1 ? "is" : "are")} not served by this host; nothing to release.")
            : ServeOutcome.Of(HostEventKinds.Released, $"Released {Describe(found)}." + (missing.Count > 0 ? $" {Describe(missing)} {(missing.Count == 1 ? "was" : "were")} not served." : string.Empty));
    }

    /// <summary>Stops serving whatever <paramref name="place"/> serves.</summary>
    public async Task<ServeOutcome> ReleaseAsync(PreviewResource place)
    {
        if (Servings().FirstOrDefault(s => s.Place == place) is not { } serving)
        {
            return ServeOutcome.Of(HostEventKinds.Refused, $"{place.Name} serves no PR; nothing to release.");
        }

        await ReleaseAsync(serving).ConfigureAwait(false);
        return ServeOutcome.Of(HostEventKinds.Released, $"Released PR {serving.PullRequest} from {place.Name}.");
    }

    /// <summary>Releases every PR held by <paramref name="lease"/>: its client connection has closed.</summary>
    public async Task ReleaseLeaseAsync(PreviewLease lease)
    {
        foreach (var serving in Servings().Where(s => ReferenceEquals(s.Lease, lease)))
        {
            await ReleaseAsync(serving).ConfigureAwait(false);
        }
    }

    /// <summary>The previews served now, with their awake time and the memory their processes use.</summary>
    public IReadOnlyList<ServedPreview> List()
    {
        var memory = PreviewMemory.Measure();
        return [.. Servings().OrderBy(s => s.PullRequest).Select(s => Describe(s) with { MemoryBytes = memory.GetValueOrDefault(s.PullRequest.Value) })];
    }

    /// <summary>
    /// True while <paramref name="service"/> belongs to the baseline once it is served, or is a fork of a PR that is fully
    /// started and not being released.
    /// </summary>
    public bool Serves(IResource service) =>
        _baselineServing && baseline!.Services.Values.Contains(service) ||
        Servings().Any(s => s.State == "serving" && PreviewLauncher.Forked(s.Place, s.Plan).Any(f => f.Value == service));

    /// <summary>Starts the baseline (when the host has one); PRs that fork less than everything wait for it.</summary>
    public async Task StartBaselineAsync(Action<string> progress)
    {
        if (baseline is null)
        {
            return;
        }

        try
        {
            progress($"Starting the baseline ({baseline.Name}): every service built from this checkout, at {settings.PublicUrl(null, Naming.PreviewSurface.Frontend)}.");
            await launcher.StartBaselineAsync(baseline, CancellationToken.None).ConfigureAwait(false);
            _baselineServing = true;
            progress($"The baseline is served at {settings.PublicUrl(null, Naming.PreviewSurface.Frontend)}.");
        }
        catch (Exception ex) when (ex is PreviewStartException or OperationCanceledException)
        {
            var reason = $"The baseline did not start ({ex.Message}); PRs that fork less than every service cannot be served. Fork everything (leave out --fork/--changed-from), or fix the baseline and restart the host.";
            launcher.BaselineFailed(reason);
            logger.LogError("{Reason}", reason);
        }
    }

    private static ForkDecider CreateForkDecider(IReadOnlyList<PreviewResource> previews, PreviewBaselineResource? baseline)
    {
        var model = baseline ?? previews.FirstOrDefault();
        var services = model is null ? [] : PreviewServiceInfo.Of(model);
        return new ForkDecider(services, baseline is not null);
    }

    /// <summary>Refuses every request from now on: the host is stopping, and its previews with it.</summary>
    public void BeginStopping() => _stopping = true;

    private List<Serving> Servings()
    {
        _gate.Wait();
        try
        {
            return [.. _serving.Values];
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StartAsync(Serving serving, Action<string> progress, CancellationToken leaseEnded)
    {
        await Task.Yield();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(leaseEnded, serving.Cancel.Token);
        await launcher.StartAsync(serving.Place, serving.PullRequest, serving.Plan, progress, cancel.Token).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(Serving serving)
    {
        Task release;
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (serving.Release is null)
            {
                serving.State = "releasing";
                serving.Release = ReleaseOnceAsync(serving);
            }

            release = serving.Release;
        }
        finally
        {
            _gate.Release();
        }

        await release.ConfigureAwait(false);
    }

    private async Task ReleaseOnceAsync(Serving serving)
    {
        await serving.Cancel.CancelAsync().ConfigureAwait(false);
        if (serving.Work is { } work)
        {
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is PreviewStartException or OperationCanceledException)
            {
                // Reported to whoever asked; the preview is stopped below either way.
            }
        }

        await launcher.StopAsync(serving.Place, serving.PullRequest, serving.Plan).ConfigureAwait(false);
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _serving.Remove(serving.Place);
            if (serving.Place is PreviewSlotResource slot)
            {
                slot.Assignment = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? Refusal(IReadOnlyList<PullRequestId> pullRequests)
    {
        if (_stopping)
        {
            return "The preview host is stopping; start the preview again once it has stopped (or start a new host).";
        }

        if (settings.Options.EnginesOnly)
        {
            return "This host runs the engines only, for a 'preview' CLI command; start the preview again once that command has finished.";
        }

        foreach (var pullRequest in pullRequests)
        {
            if (_serving.Values.FirstOrDefault(s => s.PullRequest == pullRequest) is { } serving)
            {
                return $"PR {pullRequest} is already served in {serving.Place.Name} (for {serving.Lease.Description}, {serving.State}) at {settings.PublicUrl(pullRequest, PreviewSurface.Frontend)}; " +
                    $"release it first ('preview down {pullRequest}', or the Release command on {serving.Place.Name} in the dashboard), or leave it out.";
            }
        }

        var needed = pullRequests.Count(pr => !previews.Any(p => p.BoundPullRequest == pr));
        var free = previews.Count(p => p.BoundPullRequest is null && !_serving.ContainsKey(p));
        if (needed > free)
        {
            var busy = _serving.Values.Where(s => s.Place.BoundPullRequest is null).Select(s => s.PullRequest).Order().ToList();
            return $"No free slot: {needed} needed, {free} of the host's {SlotCount} slots free{(busy.Count > 0 ? $" (serving {Describe(busy)})" : string.Empty)}. " +
                $"Release a PR ('preview down <pr>'), or restart the host with more slots (--slots <n>, now {SlotCount}).";
        }

        return null;
    }

    private static (IReadOnlyList<PullRequestId> PullRequests, string? Error) Parse(IReadOnlyList<string>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return ([], $"--pr: no PR given; expected {PullRequestId.AcceptedForm}.");
        }

        var parsed = new SortedSet<PullRequestId>();
        foreach (var text in requested)
        {
            if (!PullRequestId.TryParse(text, out var id, out var error))
            {
                return ([], $"--pr: {error}");
            }

            parsed.Add(id);
        }

        return ([.. parsed], null);
    }

    private ServedPreview Describe(Serving serving) => new(
        serving.PullRequest.Value,
        serving.Place.Name,
        serving.State,
        serving.Lease.Description,
        settings.PublicUrl(serving.PullRequest, PreviewSurface.Frontend),
        settings.PublicUrl(serving.PullRequest, PreviewSurface.Api),
        serving.Since,
        Math.Round(serving.Lifetime.AwakeAt(DateTimeOffset.UtcNow).TotalSeconds),
        Forks: serving.Plan.Services,
        ForkReasons: serving.Plan.Reasons);

    private static string Describe(IEnumerable<Serving> servings) => Describe(servings.Select(s => s.PullRequest));

    private static string Describe(IEnumerable<PullRequestId> pullRequests) =>
        pullRequests.ToList() is { Count: > 0 } list ? (list.Count == 1 ? "PR " : "PRs ") + string.Join(", ", list) : "no PR";

    private sealed class Serving(PreviewResource place, PullRequestId pullRequest, PreviewLease lease, ForkPlan plan)
    {
        public ForkPlan Plan { get; } = plan;

        public PreviewResource Place { get; } = place;

        public PullRequestId PullRequest { get; } = pullRequest;

        public PreviewLease Lease { get; } = lease;

        public DateTimeOffset Since { get; } = DateTimeOffset.UtcNow;

        public CancellationTokenSource Cancel { get; } = new();

        public string State { get; set; } = "starting";

        public Task? Work { get; set; }

        public Task? Release { get; set; }

        // Sleep and wake (PreviewHostService.Sleep.cs), in the lifecycle's terms.
        public DateTimeOffset? AwakeSince { get; set; } = DateTimeOffset.UtcNow;

        public DateTimeOffset? AsleepSince { get; set; }

        public TimeSpan AwakeBefore { get; set; }

        public PreviewLifetime Lifetime => new()
        {
            AwakeSince = AwakeSince,
            AsleepSince = AsleepSince,
            AwakeBefore = AwakeBefore,
        };
    }
}

/// <summary>The host's answer to a request to serve or release PRs.</summary>
/// <param name="Kind">One of <see cref="HostEventKinds"/>.</param>
/// <param name="Message">One line for the user.</param>
/// <param name="Previews">The previews served, for <see cref="HostEventKinds.Ready"/>.</param>
internal sealed record ServeOutcome(string Kind, string Message, IReadOnlyList<ServedPreview> Previews)
{
    public static ServeOutcome Of(string kind, string message) => new(kind, message, []);
}
