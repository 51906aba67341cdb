using PreviewAspire.Naming;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// One pull request's preview: groups its services in the dashboard and holds its data surfaces — its own
/// Postgres database and role, Redis ACL user and RabbitMQ virtual host — with the credentials generated for them.
/// </summary>
public sealed class PreviewEnvironmentResource(PullRequestId pullRequest) : Resource(pullRequest.Names.Group)
{
    /// <summary>The PR this preview belongs to.</summary>
    public PullRequestId PullRequest { get; } = pullRequest;

    /// <summary>Every name derived from <see cref="PullRequest"/>.</summary>
    public PreviewNames Names => PullRequest.Names;

    /// <summary>Connection string of the PR's own database, as its own role.</summary>
    public ConnectionStringResource Database { get; internal set; } = null!;

    /// <summary>Connection string of the PR's Redis ACL user, limited to its key prefix.</summary>
    public ConnectionStringResource Cache { get; internal set; } = null!;

    /// <summary>Connection string of the PR's RabbitMQ user on its own virtual host.</summary>
    public ConnectionStringResource Messaging { get; internal set; } = null!;

    /// <summary>The PR's generated Postgres password.</summary>
    public ParameterResource PostgresPassword { get; internal set; } = null!;

    /// <summary>The PR's generated Redis password.</summary>
    public ParameterResource RedisPassword { get; internal set; } = null!;

    /// <summary>The PR's generated RabbitMQ password.</summary>
    public ParameterResource RabbitMqPassword { get; internal set; } = null!;

    /// <summary>The run-to-completion resource that creates the PR's data surfaces; its services wait for it.</summary>
    public IResource? Provisioner { get; internal set; }
}
