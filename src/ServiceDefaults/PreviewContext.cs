using Microsoft.Extensions.Configuration;
using PreviewAspire.Naming;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// The preview a service runs in: the pull request read from configuration <c>Preview:PullRequest</c>
/// (environment variable <c>Preview__PullRequest</c>) and the names derived from it.
/// </summary>
public sealed class PreviewContext
{
    /// <summary>The configuration key that carries the PR number.</summary>
    public const string PullRequestKey = "Preview:PullRequest";

    /// <summary>Creates the context of a known pull request.</summary>
    public PreviewContext(PullRequestId pullRequest) => PullRequest = pullRequest;

    /// <summary>The pull request this service previews.</summary>
    public PullRequestId PullRequest { get; }

    /// <summary>Every name this preview uses, for example the Redis key prefix <c>pr42:</c>.</summary>
    public PreviewNames Names => PullRequest.Names;

    /// <summary>
    /// Reads <see cref="PullRequestKey"/> from <paramref name="configuration"/>.
    /// Throws <see cref="InvalidOperationException"/> naming the setting when it is missing or not a valid PR id.
    /// </summary>
    public static PreviewContext FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!PullRequestId.TryParse(configuration[PullRequestKey], out var id, out var error))
        {
            throw new InvalidOperationException(
                $"This service must be told which preview it belongs to: set configuration '{PullRequestKey}' " +
                $"(environment variable Preview__PullRequest). {error}");
        }

        return new PreviewContext(id);
    }
}
