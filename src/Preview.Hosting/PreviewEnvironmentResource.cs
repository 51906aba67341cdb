using PreviewAspire.Naming;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// One pull request's preview (or, when publishing, the baseline's): groups its services in the dashboard and holds its
/// data surfaces — its own Postgres database and role, Redis ACL user and RabbitMQ virtual host — with the credentials
/// generated for them.
/// </summary>
/// <param name="names">The names of the PR, or <see cref="PreviewNames.Baseline"/>.</param>
public sealed class PreviewEnvironmentResource(PreviewNames names) : PreviewResource(names.Group)
{
    /// <summary>One pull request's preview.</summary>
    public PreviewEnvironmentResource(PullRequestId pullRequest)
        : this(pullRequest.Names)
    {
    }

    /// <summary>The PR this preview belongs to; <c>default</c> for the baseline.</summary>
    public PullRequestId PullRequest => Names.Id;

    /// <summary>Every name of this preview.</summary>
    public PreviewNames Names { get; } = names;

    /// <inheritdoc />
    public override PullRequestId? BoundPullRequest => Names.IsBaseline ? null : PullRequest;

    /// <inheritdoc />
    public override string ServiceName(string service) => Names.Service(service);

    /// <inheritdoc />
    public override string ProvisionerName => Names.Provisioner;

    /// <summary>The PR's generated Postgres password.</summary>
    public ParameterResource PostgresPassword { get; internal set; } = null!;

    /// <summary>The PR's generated Redis password.</summary>
    public ParameterResource RedisPassword { get; internal set; } = null!;

    /// <summary>The PR's generated RabbitMQ password.</summary>
    public ParameterResource RabbitMqPassword { get; internal set; } = null!;
}
