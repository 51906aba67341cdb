using PreviewAspire.Hosting;
using PreviewAspire.Naming;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A standby slot: a preview's services declared without a PR, which the AppHost starts for a PR that another
/// process asks for while it runs (<c>--pr 9</c> beside a running AppHost). Its identity — PR number, data-surface names,
/// passwords — resolves to the assigned PR's when its provisioner and services start.
/// </summary>
public sealed class StandbyPreviewResource : PreviewResource
{
    private volatile StandbyAssignment? _assignment;

    /// <summary>Slot <paramref name="names"/>.<see cref="StandbySlotNames.Slot"/>, serving no PR yet.</summary>
    public StandbyPreviewResource(StandbySlotNames names) : base(names.Group)
    {
        Names = names;
        Identity = new PreviewIdentity
        {
            PullRequest = Assigned("pullRequest", a => a.PullRequest.ToString()),
            Database = Assigned("database", a => a.PullRequest.Names.Database),
            DatabaseRole = Assigned("databaseRole", a => a.PullRequest.Names.DatabaseRole),
            RedisUser = Assigned("redisUser", a => a.PullRequest.Names.RedisUser),
            RabbitMqUser = Assigned("rabbitMqUser", a => a.PullRequest.Names.RabbitMqUser),
            RabbitMqVirtualHost = Assigned("rabbitMqVirtualHost", a => a.PullRequest.Names.RabbitMqVirtualHost),
            PostgresPassword = Assigned("postgresPassword", a => a.Credentials.Postgres),
            RedisPassword = Assigned("redisPassword", a => a.Credentials.Redis),
            RabbitMqPassword = Assigned("rabbitMqPassword", a => a.Credentials.RabbitMq),
        };
    }

    /// <summary>The slot's resource names.</summary>
    public StandbySlotNames Names { get; }

    /// <summary>The PR the slot serves now, and for whom; null while it stands by.</summary>
    public StandbyAssignment? Assignment
    {
        get => _assignment;
        internal set => _assignment = value;
    }

    /// <inheritdoc />
    public override bool StartsWhenAssigned => true;

    /// <inheritdoc />
    public override string ServiceName(string service) => Names.Service(service);

    /// <inheritdoc />
    public override string ProvisionerName => Names.Provisioner;

    private ReferenceExpression Assigned(string property, Func<StandbyAssignment, string> value) =>
        ReferenceExpression.Create($"{new StandbyValue(this, property, value)}");
}
