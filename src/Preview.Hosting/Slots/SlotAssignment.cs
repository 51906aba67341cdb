using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>The PR a slot serves, with that PR's generated credentials.</summary>
/// <param name="PullRequest">The PR.</param>
/// <param name="Credentials">Its passwords, from the state directory's secret store.</param>
public sealed record SlotAssignment(PullRequestId PullRequest, PreviewCredentials Credentials);
