using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// Who keeps a PR served. A client connection's lease ends when the connection closes; a detached lease (the host's own
/// PRs, the dashboard, <c>preview up --detach</c>) lasts until the PR is released or the host stops.
/// </summary>
/// <param name="Description">For messages: <c>the host</c>, <c>the dashboard</c>, <c>eng/run.sh (pid 4242)</c>.</param>
/// <param name="Detached">True when the lease outlives whoever asked.</param>
internal sealed record PreviewLease(string Description, bool Detached)
{
    /// <summary>The PRs the host was started with.</summary>
    public static readonly PreviewLease Host = new("the host", Detached: true);

    /// <summary>
    /// The lease of a serve request on the control socket: the client's connection, or, detached, the host itself, since
    /// the client that asked (<c>preview up --detach</c>) has usually exited by the time anyone reads who holds the PR.
    /// </summary>
    public static PreviewLease For(HostRequest request) => request.Detach
        ? new PreviewLease($"the preview host, {ProcessLabel.Current}", Detached: true)
        : new PreviewLease(string.IsNullOrWhiteSpace(request.Client) ? "a client connection" : request.Client, Detached: false);
}
