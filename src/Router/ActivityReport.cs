namespace PreviewAspire.Router;

/// <summary>When each preview was last requested, as <c>GET /activity</c> reports it for sleeping idle previews.</summary>
/// <param name="Previews">One entry per PR the router serves (local mode) or has seen (cluster mode).</param>
public sealed record ActivityReport(IReadOnlyList<PreviewActivityEntry> Previews);

/// <summary>The last request one preview received.</summary>
/// <param name="PullRequest">The PR number.</param>
/// <param name="LastRequest">When the router last received a request for it (UTC, written with a Z suffix), or null when it has received none since the router started.</param>
public sealed record PreviewActivityEntry(int PullRequest, DateTime? LastRequest);
