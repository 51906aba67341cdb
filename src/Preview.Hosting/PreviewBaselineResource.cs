using PreviewAspire.Naming;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The baseline: every service built from the checked-out code, at <c>main.&lt;domain&gt;</c> and
/// <c>main-api.&lt;domain&gt;</c>, on its own database branch, Redis user and RabbitMQ virtual host. It serves every PR's
/// services that the PR does not fork, with the PR's routing context; it runs for the host's whole run.
/// </summary>
public sealed class PreviewBaselineResource() : PreviewResource(PreviewNames.Baseline.Group)
{
    /// <summary>The baseline's names (<see cref="PreviewNames.Baseline"/>).</summary>
    public PreviewNames Names => PreviewNames.Baseline;

    /// <inheritdoc />
    public override string ServiceName(string service) => Names.Service(service);

    /// <inheritdoc />
    public override string ProvisionerName => Names.Provisioner;
}
