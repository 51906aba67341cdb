using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// A provisioner that the host runs itself (<see cref="ProvisionerRun"/>) rather than through the orchestrator, each time
/// it serves a PR in the preview, before it starts the preview's services. It is the same provisioner executable that
/// runs as a Kubernetes Job in the cluster.
/// </summary>
/// <param name="name">The resource name (<c>pr&lt;id&gt;-provisioner</c> or <c>slot&lt;n&gt;-provisioner</c>).</param>
/// <param name="executable">The built provisioner executable.</param>
public sealed class ImmediateProvisionerResource(string name, string executable) : Resource(name), IResourceWithEnvironment, IResourceWithArgs
{
    /// <summary>The built provisioner executable.</summary>
    public string Executable { get; } = executable;
}
