using System.Text.Json.Serialization;

namespace PreviewAspire.Router;

/// <summary>
/// Every preview the router serves in local mode, as the host pushes it (<c>PUT /routes</c>) or a routes file holds it.
/// JSON uses the web defaults (camelCase):
/// <c>{"baseline":{"frontend":"http://127.0.0.1:41000/","api":"http://127.0.0.1:41003/","services":{"api":"http://127.0.0.1:41003/","frontend":"http://127.0.0.1:41000/"}},
/// "previews":[{"pullRequest":7,"frontend":"http://127.0.0.1:41000/","api":"http://127.0.0.1:41002/","services":{"api":"http://127.0.0.1:41002/"}}]}</c>.
/// </summary>
/// <param name="Previews">One entry per PR; a PR appears at most once.</param>
/// <param name="Baseline">
/// The baseline, served at <c>main.&lt;domain&gt;</c> and <c>main-api.&lt;domain&gt;</c> with no routing context; null
/// (absent) when the host runs without one, and then not written.
/// </param>
public sealed record RouteTable(
    IReadOnlyList<PreviewRoute> Previews,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BaselineRoute? Baseline = null);

/// <summary>Where the baseline's surfaces and HTTP services are served.</summary>
/// <param name="Frontend">Absolute http(s) base URL of the baseline's frontend, or null when it has none running.</param>
/// <param name="Api">Absolute http(s) base URL of the baseline's API, or null when it has none running.</param>
/// <param name="Services">
/// The baseline's HTTP services by service-discovery name (<c>api</c>, <c>frontend</c>), as services resolve them from
/// <c>GET /mesh</c>. Absent means none.
/// </param>
public sealed record BaselineRoute(Uri? Frontend, Uri? Api, IReadOnlyDictionary<string, Uri>? Services = null);

/// <summary>Where one PR's surfaces are served: by the PR's fork of the entry service, or by the baseline's.</summary>
/// <param name="PullRequest">The PR number (a valid <see cref="Naming.PullRequestId"/>).</param>
/// <param name="Frontend">
/// Absolute http(s) base URL that serves <c>pr&lt;id&gt;.&lt;domain&gt;</c>: the PR's frontend fork, or the baseline's
/// frontend when the PR does not fork it; null when neither runs. Requests get the PR's routing context either way.
/// </param>
/// <param name="Api">As <paramref name="Frontend"/>, for <c>pr&lt;id&gt;-api.&lt;domain&gt;</c>.</param>
/// <param name="Sleeping">
/// True while the host has put the preview to sleep: its hosts answer 503 with a page that refreshes until it is awake,
/// and each request is still recorded in <c>GET /activity</c>, which is how the host knows to wake it. Absent means false.
/// </param>
/// <param name="Services">
/// The PR's forked HTTP services by service-discovery name (<c>api</c>), as services resolve them from <c>GET /mesh</c>:
/// a call made in the PR's routing context to a service listed here goes to this URL, else to the baseline's. Absent means none.
/// </param>
public sealed record PreviewRoute(
    int PullRequest,
    Uri? Frontend,
    Uri? Api,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Sleeping = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, Uri>? Services = null);
