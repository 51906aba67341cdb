namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What every preview resource has, whether it belongs to one PR for the AppHost's whole run
/// (<see cref="PreviewEnvironmentResource"/>) or serves whichever PR asks for it while the AppHost runs
/// (<see cref="StandbyPreviewResource"/>): its services, its data surfaces' connection strings and its provisioner.
/// </summary>
/// <param name="name">The resource name grouping the preview in the dashboard.</param>
public abstract class PreviewResource(string name) : Resource(name)
{
    /// <summary>The resource name of one of the preview's services, for example <c>pr7-api</c>.</summary>
    public abstract string ServiceName(string service);

    /// <summary>The resource name of the preview's provisioner.</summary>
    public abstract string ProvisionerName { get; }

    /// <summary>The values that differ per PR, as expressions its services and provisioner receive.</summary>
    public PreviewIdentity Identity { get; internal set; } = null!;

    /// <summary>Connection string of the PR's own database, as its own role.</summary>
    public ConnectionStringResource Database { get; internal set; } = null!;

    /// <summary>Connection string of the PR's Redis ACL user, limited to its key prefix.</summary>
    public ConnectionStringResource Cache { get; internal set; } = null!;

    /// <summary>Connection string of the PR's RabbitMQ user on its own virtual host.</summary>
    public ConnectionStringResource Messaging { get; internal set; } = null!;

    /// <summary>
    /// True when the preview's services start only when a PR is assigned to it (a standby slot), not with the AppHost.
    /// </summary>
    public virtual bool StartsWhenAssigned => false;

    /// <summary>The run-to-completion resource that creates the PR's data surfaces; its services wait for it.</summary>
    public IResource? Provisioner { get; internal set; }

    /// <summary>The preview's services by short name (<c>api</c>, <c>worker</c>, <c>frontend</c>).</summary>
    public IReadOnlyDictionary<string, ProjectResource> Services => ServiceMap;

    internal SortedDictionary<string, ProjectResource> ServiceMap { get; } = new(StringComparer.Ordinal);
}
