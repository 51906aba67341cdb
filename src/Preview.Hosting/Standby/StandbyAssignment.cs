using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>The PR a standby slot serves, with that PR's generated credentials and the process that asked for it.</summary>
/// <param name="PullRequest">The PR.</param>
/// <param name="Credentials">Its passwords, from the state directory's secret store.</param>
/// <param name="RequesterPid">The process that asked for the PR; when it ends, the slot is released.</param>
public sealed record StandbyAssignment(PullRequestId PullRequest, PreviewCredentials Credentials, int RequesterPid);
