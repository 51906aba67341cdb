using System.Collections.Immutable;

namespace PreviewAspire.Hosting;

/// <summary>
/// The routes the host gives the router: the baseline's, and per PR the loopback addresses that serve its frontend and
/// API hosts (its forks', else the baseline's) and its forked services for the service mesh. Only the host changes it;
/// each change is pushed to the router whole (<see cref="RouterTablePublisher"/>).
/// </summary>
internal sealed class PreviewRouteTable
{
    private readonly Lock _changing = new();
    private ImmutableSortedDictionary<int, PreviewRoute> _routes = ImmutableSortedDictionary<int, PreviewRoute>.Empty;
    private BaselineRoute? _baseline;
    private long _version;
    private long _published;
    private TaskCompletionSource _publishedChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised after every change.</summary>
    public event Action? Changed;

    /// <summary>The routes now, in PR order, and the version they are.</summary>
    public (RouteTableDocument Table, long Version) Snapshot()
    {
        lock (_changing)
        {
            return (new RouteTableDocument([.. _routes.Values], _baseline), _version);
        }
    }

    /// <summary>Records that the router serves version <paramref name="version"/> (or later) of the table.</summary>
    public void MarkPublished(long version)
    {
        TaskCompletionSource changed;
        lock (_changing)
        {
            _published = Math.Max(_published, version);
            changed = _publishedChanged;
            _publishedChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>
    /// Waits until the router serves the table as it is now (at most <paramref name="patience"/>), so that a PR is
    /// withdrawn from the router before its services stop.
    /// </summary>
    public async Task WaitUntilPublishedAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            Task changed;
            lock (_changing)
            {
                if (_published >= _version)
                {
                    return;
                }

                changed = _publishedChanged.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)).ConfigureAwait(false) != changed)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Routes PR <paramref name="pullRequest"/>'s hosts to <paramref name="frontend"/> and <paramref name="api"/> (its
    /// forks', or the baseline's), and publishes its <paramref name="forks"/> to the service mesh.
    /// </summary>
    public void Set(int pullRequest, Uri frontend, Uri api, IReadOnlyDictionary<string, Uri> forks) =>
        Change(() => _routes = _routes.SetItem(pullRequest, new PreviewRoute(pullRequest, frontend, api, Services: forks.Count > 0 ? forks : null)));

    /// <summary>Routes <c>main.&lt;domain&gt;</c> and <c>main-api.&lt;domain&gt;</c> to the baseline and publishes its <paramref name="services"/>.</summary>
    public void SetBaseline(Uri frontend, Uri api, IReadOnlyDictionary<string, Uri> services) =>
        Change(() => _baseline = new BaselineRoute(frontend, api, services));

    private void Change(Action change)
    {
        lock (_changing)
        {
            change();
            _version++;
        }

        Changed?.Invoke();
    }

    /// <summary>
    /// Marks PR <paramref name="pullRequest"/>'s routes sleeping (the router answers its hosts with a wake-up page and
    /// records the request) or awake again; nothing changes when it has no routes.
    /// </summary>
    public void SetSleeping(int pullRequest, bool sleeping)
    {
        lock (_changing)
        {
            if (!_routes.TryGetValue(pullRequest, out var route) || route.Sleeping == sleeping)
            {
                return;
            }

            _routes = _routes.SetItem(pullRequest, route with { Sleeping = sleeping });
            _version++;
        }

        Changed?.Invoke();
    }

    /// <summary>Withdraws PR <paramref name="pullRequest"/>'s routes; the router answers 404 for its hosts from then on.</summary>
    public void Remove(int pullRequest) => Change(() => _routes = _routes.Remove(pullRequest));
}

/// <summary>
/// The router's route table as it travels:
/// <c>{"previews":[{"pullRequest":7,"frontend":"http://…/","api":"http://…/","services":{"api":"http://…/"}}],"baseline":{…}}</c>.
/// </summary>
/// <param name="Previews">One entry per served PR.</param>
/// <param name="Baseline">The baseline's routes; null without a baseline (or before it is up).</param>
internal sealed record RouteTableDocument(IReadOnlyList<PreviewRoute> Previews, BaselineRoute? Baseline);

/// <summary>Where the baseline's frontend and API listen, and all its services by name (for the service mesh).</summary>
internal sealed record BaselineRoute(Uri Frontend, Uri Api, IReadOnlyDictionary<string, Uri> Services);

/// <summary>Where one PR's frontend and API listen.</summary>
/// <param name="PullRequest">The PR.</param>
/// <param name="Frontend">The frontend's loopback base address.</param>
/// <param name="Api">The API's loopback base address.</param>
/// <param name="Sleeping">The preview sleeps: the router answers with a wake-up page and records the request.</param>
/// <param name="Services">The PR's forked services by name (for the service mesh); null when it forks none.</param>
internal sealed record PreviewRoute(int PullRequest, Uri Frontend, Uri Api, bool Sleeping = false, IReadOnlyDictionary<string, Uri>? Services = null);
