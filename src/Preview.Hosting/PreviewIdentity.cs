namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The values that make a preview one PR's: its number, the names of its data surfaces and its passwords. Expressions,
/// so that a slot can resolve them when it starts for a PR rather than when the model is built.
/// </summary>
public sealed class PreviewIdentity
{
    /// <summary>The PR number, as services receive it in <c>Preview__PullRequest</c>.</summary>
    public required ReferenceExpression PullRequest { get; init; }

    /// <summary>The PR's database.</summary>
    public required ReferenceExpression Database { get; init; }

    /// <summary>The PR's Postgres login role.</summary>
    public required ReferenceExpression DatabaseRole { get; init; }

    /// <summary>The PR's Redis ACL user.</summary>
    public required ReferenceExpression RedisUser { get; init; }

    /// <summary>The PR's RabbitMQ user.</summary>
    public required ReferenceExpression RabbitMqUser { get; init; }

    /// <summary>The PR's RabbitMQ virtual host.</summary>
    public required ReferenceExpression RabbitMqVirtualHost { get; init; }

    /// <summary>The PR's Postgres password.</summary>
    public required ReferenceExpression PostgresPassword { get; init; }

    /// <summary>The PR's Redis password.</summary>
    public required ReferenceExpression RedisPassword { get; init; }

    /// <summary>The PR's RabbitMQ password.</summary>
    public required ReferenceExpression RabbitMqPassword { get; init; }
}
