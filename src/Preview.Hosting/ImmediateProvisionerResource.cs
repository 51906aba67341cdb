using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// A provisioner that the AppHost runs itself (<see cref="ProvisionerRun"/>) rather than through the orchestrator: in an
/// AppHost that joined another, the moment it starts, so provisioning overlaps the orchestrator's own start-up; in a
/// standby slot, each time a PR is assigned to it. It is the same provisioner executable; services wait for its
/// completion as for any run-to-completion resource.
/// </summary>
/// <param name="name">The resource name (<c>pr&lt;id&gt;-provisioner</c> or <c>standby&lt;n&gt;-provisioner</c>).</param>
/// <param name="executable">The built provisioner executable.</param>
public sealed class ImmediateProvisionerResource(string name, string executable) : Resource(name), IResourceWithEnvironment, IResourceWithArgs
{
    /// <summary>The built provisioner executable.</summary>
    public string Executable { get; } = executable;
}
