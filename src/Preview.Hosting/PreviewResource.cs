using PreviewAspire.Naming;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What every preview resource has, whether it belongs to one PR the host was started with
/// (<see cref="PreviewEnvironmentResource"/>) or serves whichever PR is asked for while the host runs
/// (<see cref="PreviewSlotResource"/>): its services, its data surfaces' connection strings and its provisioner.
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
    public IResourceWithConnectionString Database { get; internal set; } = null!;

    /// <summary>Connection string of the PR's Redis ACL user, limited to its key prefix.</summary>
    public IResourceWithConnectionString Cache { get; internal set; } = null!;

    /// <summary>Connection string of the PR's RabbitMQ user on its own virtual host.</summary>
    public IResourceWithConnectionString Messaging { get; internal set; } = null!;

    /// <summary>The PR this preview is bound to for the host's whole run; null for a slot, which serves any PR.</summary>
    public virtual PullRequestId? BoundPullRequest => null;

    /// <summary>The run-to-completion resource that creates the PR's data surfaces; its services wait for it.</summary>
    public IResource? Provisioner { get; internal set; }

    /// <summary>The preview's services by short name (<c>api</c>, <c>worker</c>, <c>frontend</c>).</summary>
    public IReadOnlyDictionary<string, ProjectResource> Services => ServiceMap;

    internal SortedDictionary<string, ProjectResource> ServiceMap { get; } = new(StringComparer.Ordinal);

    /// <summary>The router whose service mesh (<c>GET /mesh</c>) the preview's services resolve each other through; null in publish mode.</summary>
    internal ProjectResource? Router { get; set; }
}
