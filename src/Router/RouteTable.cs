using System.Text.Json.Serialization;

namespace PreviewAspire.Router;

/// <summary>
/// Every preview the router serves in local mode, as the host pushes it (<c>PUT /routes</c>) or a routes file holds it.
/// JSON uses the web defaults (camelCase): <c>{"previews":[{"pullRequest":7,"frontend":"http://127.0.0.1:41001/","api":"http://127.0.0.1:41002/"}]}</c>.
/// </summary>
/// <param name="Previews">One entry per PR; a PR appears at most once.</param>
public sealed record RouteTable(IReadOnlyList<PreviewRoute> Previews);

/// <summary>Where one PR's surfaces are served.</summary>
/// <param name="PullRequest">The PR number (a valid <see cref="Naming.PullRequestId"/>).</param>
/// <param name="Frontend">Absolute http(s) base URL of the PR's frontend, or null when it has none running.</param>
/// <param name="Api">Absolute http(s) base URL of the PR's API, or null when it has none running.</param>
/// <param name="Sleeping">
/// True while the host has put the preview to sleep: its hosts answer 503 with a page that refreshes until it is awake,
/// and each request is still recorded in <c>GET /activity</c>, which is how the host knows to wake it. Absent means false.
/// </param>
public sealed record PreviewRoute(
    int PullRequest, Uri? Frontend, Uri? Api, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Sleeping = false);
