using PreviewAspire.Naming;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// One pull request's preview: groups its services in the dashboard and holds its data surfaces — its own
/// Postgres database and role, Redis ACL user and RabbitMQ virtual host — with the credentials generated for them.
/// </summary>
public sealed class PreviewEnvironmentResource(PullRequestId pullRequest) : PreviewResource(pullRequest.Names.Group)
{
    /// <summary>The PR this preview belongs to.</summary>
    public PullRequestId PullRequest { get; } = pullRequest;

    /// <summary>Every name derived from <see cref="PullRequest"/>.</summary>
    public PreviewNames Names => PullRequest.Names;

    /// <inheritdoc />
    public override PullRequestId? BoundPullRequest => PullRequest;

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
