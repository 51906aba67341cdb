using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// A PR's provisioner that the AppHost starts itself the moment it starts, rather than through the orchestrator: used
/// when the engines already run (another AppHost owns them), so provisioning overlaps the orchestrator's own start-up.
/// It is the same provisioner executable; services wait for its completion as for any run-to-completion resource.
/// </summary>
/// <param name="name">The resource name (<c>pr&lt;id&gt;-provisioner</c>).</param>
/// <param name="executable">The built provisioner executable.</param>
public sealed class ImmediateProvisionerResource(string name, string executable) : Resource(name), IResourceWithEnvironment, IResourceWithArgs
{
    /// <summary>The built provisioner executable.</summary>
    public string Executable { get; } = executable;
}
