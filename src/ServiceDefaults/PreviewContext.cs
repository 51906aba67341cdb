using Microsoft.Extensions.Configuration;
using PreviewAspire.Naming;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// The preview a service runs in, read from configuration <c>Preview:PullRequest</c> (environment variable
/// <c>Preview__PullRequest</c>): a PR number for a PR's fork, or <c>main</c> for the baseline, and the names derived from it.
/// </summary>
public sealed class PreviewContext
{
    /// <summary>The configuration key that carries the PR number (or <c>main</c>).</summary>
    public const string PullRequestKey = "Preview:PullRequest";

    /// <summary>Creates the context of a known pull request.</summary>
    public PreviewContext(PullRequestId pullRequest) : this(pullRequest.Names)
    {
    }

    /// <summary>Creates the context of a PR's fork or, for <see cref="PreviewNames.Baseline"/>, of the baseline.</summary>
    public PreviewContext(PreviewNames names) => Names = names;

    /// <summary>The pull request this service is a fork of; null in the baseline, which serves every PR's unforked services.</summary>
    public PullRequestId? PullRequest => Names.IsBaseline ? null : Names.Id;

    /// <summary>True when this service runs in the baseline.</summary>
    public bool IsBaseline => Names.IsBaseline;

    /// <summary>Every name this preview uses, for example the Redis key prefix <c>pr42:</c> (or <c>main:</c>).</summary>
    public PreviewNames Names { get; }

    /// <summary>
    /// Reads <see cref="PullRequestKey"/> from <paramref name="configuration"/>.
    /// Throws <see cref="InvalidOperationException"/> naming the setting when it is missing or not a valid PR id or <c>main</c>.
    /// </summary>
    public static PreviewContext FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!PreviewNames.TryParseKey(configuration[PullRequestKey], out var names, out var error))
        {
            throw new InvalidOperationException(
                $"This service must be told which preview it belongs to: set configuration '{PullRequestKey}' " +
                $"(environment variable Preview__PullRequest). {error}");
        }

        return new PreviewContext(names);
    }
}
