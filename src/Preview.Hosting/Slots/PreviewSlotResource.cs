using PreviewAspire.Hosting;
using PreviewAspire.Naming;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A slot: a preview's services declared without a PR, which the host serves for whichever PR is asked for while it
/// runs (<c>--pr 9</c> beside a running host, <c>preview up 9</c>, the dashboard). Its identity — PR number, data-surface
/// names, passwords — resolves to the assigned PR's when its provisioner and services start. An idle slot runs no process.
/// </summary>
public sealed class PreviewSlotResource : PreviewResource
{
    private volatile SlotAssignment? _assignment;

    /// <summary>Slot <paramref name="names"/>.<see cref="PreviewSlotNames.Slot"/>, idle.</summary>
    public PreviewSlotResource(PreviewSlotNames names) : base(names.Group)
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
    public PreviewSlotNames Names { get; }

    /// <summary>The PR the slot serves now; null while it is idle.</summary>
    public SlotAssignment? Assignment
    {
        get => _assignment;
        internal set => _assignment = value;
    }


    /// <inheritdoc />
    public override string ServiceName(string service) => Names.Service(service);

    /// <inheritdoc />
    public override string ProvisionerName => Names.Provisioner;

    private ReferenceExpression Assigned(string property, Func<SlotAssignment, string> value) =>
        ReferenceExpression.Create($"{new SlotValue(this, property, value)}");
}
