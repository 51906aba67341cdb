using PreviewAspire.Naming;

namespace PreviewAspire.Provisioning;

/// <summary>What the registry knows about one provisioned preview.</summary>
/// <param name="PullRequest">The PR.</param>
/// <param name="CreatedAt">When its surfaces were first provisioned.</param>
/// <param name="LastUsedAt">When it was last provisioned or touched.</param>
/// <param name="DatabaseBytes">Its database's size, or null when the database is missing.</param>
public sealed record PreviewDatabaseInfo(PullRequestId PullRequest, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, long? DatabaseBytes);
