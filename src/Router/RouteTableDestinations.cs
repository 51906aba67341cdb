using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>
/// Local mode: destinations come from the <see cref="RouteTable"/> the host pushes (or a routes file holds).
/// A new table is validated whole and then swapped in with one reference write; lookups read that reference without
/// locking, and cost one frozen-dictionary probe however many previews the table holds.
/// </summary>
public sealed class RouteTableDestinations(PreviewActivity activity) : IPreviewDestinations
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

    /// <summary>The synchronous lookup behind <see cref="FindAsync"/>.</summary>
    public PreviewDestination? Find(int pullRequest, PreviewSurface surface) =>
        _current is { } snapshot && snapshot.Routes.TryGetValue(pullRequest, out var routes)
            ? surface == PreviewSurface.Api ? routes.Api : routes.Frontend
            : null;

    /// <summary>
    /// Replaces the whole table, or leaves the current one in force and explains in one line why <paramref name="table"/> is invalid:
    /// a PR id outside 1..999999999 or listed twice, or a URL that is not an absolute http(s) URL.
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
                routes.Add(pullRequest.Value, route.Sleeping
                    ? new SurfaceDestinations(new PreviewDestination(frontend ?? string.Empty, cell, Sleeping: true), new PreviewDestination(api ?? string.Empty, cell, Sleeping: true))
                    : new SurfaceDestinations(
                        frontend is null ? null : new PreviewDestination(frontend, cell),
                        api is null ? null : new PreviewDestination(api, cell)));
            }

            _current = new Snapshot(table, routes.ToFrozenDictionary());
            activity.RetainOnly(routes.Keys.ToHashSet());
            error = null;
            return true;
        }
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
               TryPrefix(pullRequest, "api", route.Api, out api, out error);
    }

    private static bool TryPrefix(PullRequestId pullRequest, string surface, Uri? url, out string? prefix, [NotNullWhen(false)] out string? error)
    {
        prefix = null;
        error = null;
        if (url is null)
        {
            return true;
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            error = $"PR {pullRequest}'s {surface} URL '{url.OriginalString}' is not an absolute http(s) URL such as http://127.0.0.1:41001/.";
            return false;
        }

        prefix = url.AbsoluteUri;
        return true;
    }

    private sealed record SurfaceDestinations(PreviewDestination? Frontend, PreviewDestination? Api);

    private sealed record Snapshot(RouteTable Table, FrozenDictionary<int, SurfaceDestinations> Routes);
}
