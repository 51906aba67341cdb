using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>
/// Local mode: destinations come from the <see cref="RouteTable"/> the host pushes (or a routes file holds).
/// A new table is validated whole and then swapped in with one reference write; lookups read that reference without
/// locking, and cost one frozen-dictionary probe however many previews the table holds. A PR's destinations carry its
/// routing context (<c>baggage: preview.pr=&lt;id&gt;</c>), the baseline's none; every accepted table is also published
/// to the <see cref="ServiceMesh"/>.
/// </summary>
public sealed class RouteTableDestinations(PreviewActivity activity, ServiceMesh mesh) : IPreviewDestinations
{
    private readonly Lock _writer = new();
    private volatile Snapshot? _current;

    /// <inheritdoc />
    public bool IsReady => _current is not null;

    /// <summary>The table in force, or null before the first one arrived.</summary>
    public RouteTable? Current => _current?.Table;

    /// <inheritdoc />
    public ValueTask<PreviewDestination?> FindAsync(PullRequestId pullRequest, PreviewSurface surface, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Find(pullRequest.Value, surface));

    /// <summary>The synchronous lookup behind <see cref="FindAsync"/>; <paramref name="pullRequest"/> 0 is the baseline.</summary>
    public PreviewDestination? Find(int pullRequest, PreviewSurface surface)
    {
        if (_current is not { } snapshot)
        {
            return null;
        }

        var routes = pullRequest == 0 ? snapshot.Baseline : snapshot.Routes.TryGetValue(pullRequest, out var found) ? found : null;
        return surface == PreviewSurface.Api ? routes?.Api : routes?.Frontend;
    }

    /// <summary>
    /// Replaces the whole table, or leaves the current one in force and explains in one line why <paramref name="table"/> is
    /// invalid: a PR id outside 1..999999999 or listed twice, a URL that is not an absolute http(s) URL, or a service name
    /// that is not a DNS label.
    /// </summary>
    public bool TryReplace(RouteTable table, [NotNullWhen(false)] out string? error)
    {
        if (table.Previews is null)
        {
            error = "The route table has no 'previews' list; expected {\"previews\":[...]}.";
            return false;
        }

        lock (_writer)
        {
            if (!TryCompileBaseline(table.Baseline, out var baseline, out error))
            {
                return false;
            }

            var routes = new Dictionary<int, SurfaceDestinations>(table.Previews.Count);
            foreach (var route in table.Previews)
            {
                if (!TryCompile(route, out var pullRequest, out var frontend, out var api, out error))
                {
                    return false;
                }

                if (routes.ContainsKey(pullRequest.Value))
                {
                    error = $"PR {pullRequest} appears more than once in the route table.";
                    return false;
                }

                // The activity cell is kept across tables, so a preview's last request survives every update that keeps it.
                var cell = activity.CellFor(pullRequest);
                var baggage = PreviewRoutingContext.Format(pullRequest);
                routes.Add(pullRequest.Value, route.Sleeping
                    ? new SurfaceDestinations(
                        new PreviewDestination(frontend ?? string.Empty, cell, baggage, sleeping: true),
                        new PreviewDestination(api ?? string.Empty, cell, baggage, sleeping: true))
                    : new SurfaceDestinations(
                        frontend is null ? null : new PreviewDestination(frontend, cell, baggage),
                        api is null ? null : new PreviewDestination(api, cell, baggage)));
            }

            _current = new Snapshot(table, routes.ToFrozenDictionary(), baseline);
            activity.RetainOnly(routes.Keys.ToHashSet());
            mesh.Publish(table);
            error = null;
            return true;
        }
    }

    // The baseline's requests carry no routing context and count toward no PR's activity.
    private static bool TryCompileBaseline(BaselineRoute? route, out SurfaceDestinations? baseline, [NotNullWhen(false)] out string? error)
    {
        baseline = null;
        if (route is null)
        {
            error = null;
            return true;
        }

        if (!TryPrefix(default, "frontend", route.Frontend, out var frontend, out error) ||
            !TryPrefix(default, "api", route.Api, out var api, out error) ||
            !TryServices(default, route.Services, out error))
        {
            return false;
        }

        baseline = new SurfaceDestinations(
            frontend is null ? null : new PreviewDestination(frontend, activity: null),
            api is null ? null : new PreviewDestination(api, activity: null));
        return true;
    }

    private static bool TryCompile(PreviewRoute? route, out PullRequestId pullRequest, out string? frontend, out string? api, [NotNullWhen(false)] out string? error)
    {
        pullRequest = default;
        frontend = api = null;
        if (route is null)
        {
            error = "The route table lists a null preview.";
            return false;
        }

        if (route.PullRequest is < 1 or > PullRequestId.MaxValue)
        {
            error = $"'{route.PullRequest}' is not a valid PR id; expected {PullRequestId.AcceptedForm}.";
            return false;
        }

        pullRequest = PullRequestId.From(route.PullRequest);
        return TryPrefix(pullRequest, "frontend", route.Frontend, out frontend, out error) &&
               TryPrefix(pullRequest, "api", route.Api, out api, out error) &&
               TryServices(pullRequest, route.Services, out error);
    }

    private static bool TryServices(PullRequestId owner, IReadOnlyDictionary<string, Uri>? services, [NotNullWhen(false)] out string? error)
    {
        error = null;
        foreach (var (name, url) in services ?? FrozenDictionary<string, Uri>.Empty)
        {
            if (!PreviewDomain.IsDnsLabel(name))
            {
                error = $"{Owner(owner)}'s service name '{name}' is not a DNS label (1-63 of a-z, 0-9 and '-', not starting or ending with '-').";
                return false;
            }

            if (url is null || !TryPrefix(owner, $"service '{name}'", url, out _, out error))
            {
                error ??= $"{Owner(owner)}'s service '{name}' has no URL; expected an absolute http(s) URL such as http://127.0.0.1:41001/.";
                return false;
            }
        }

        return true;
    }

    private static bool TryPrefix(PullRequestId owner, string surface, Uri? url, out string? prefix, [NotNullWhen(false)] out string? error)
    {
        prefix = null;
        error = null;
        if (url is null)
        {
            return true;
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            error = $"{Owner(owner)}'s {surface} URL '{url.OriginalString}' is not an absolute http(s) URL such as http://127.0.0.1:41001/.";
            return false;
        }

        prefix = url.AbsoluteUri;
        return true;
    }

    // Only formatted for an error message.
    private static string Owner(PullRequestId owner) => owner.Value == 0 ? "The baseline" : $"PR {owner}";

    private sealed record SurfaceDestinations(PreviewDestination? Frontend, PreviewDestination? Api);

    private sealed record Snapshot(RouteTable Table, FrozenDictionary<int, SurfaceDestinations> Routes, SurfaceDestinations? Baseline);
}
