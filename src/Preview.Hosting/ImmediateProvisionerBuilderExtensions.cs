using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting;

namespace Aspire.Hosting;

/// <summary>Declares a preview's provisioner as a resource the host runs itself, each time it serves a PR there.</summary>
internal static class ImmediateProvisionerBuilderExtensions
{
    /// <summary>
    /// Adds the preview's provisioner (the built executable of project <typeparamref name="TProject"/>) as a resource the
    /// host runs itself (see <see cref="ProvisionerRun"/>) with the provisioner's inputs; its output goes to the resource's log.
    /// </summary>
    /// <exception cref="PreviewPrerequisiteException">The provisioner has not been built.</exception>
    public static IResourceBuilder<ImmediateProvisionerResource> AddProvisionerRunByAppHost<TPreview, TProject>(this IResourceBuilder<TPreview> preview, PreviewEngines engines)
        where TPreview : PreviewResource
        where TProject : IProjectMetadata, new()
    {
        var environment = preview.Resource;
        var executable = BuiltProjectLaunch.ExecutableOf(new TProject())
            ?? throw new PreviewPrerequisiteException($"The provisioner is not built ({new TProject().ProjectPath}); run 'dotnet build src/AppHost' first.");
        var provisioner = preview.ApplicationBuilder.AddResource(new ImmediateProvisionerResource(environment.ProvisionerName, executable))
            .WithParentRelationship(preview)
            .WithProvisionerInputs(environment, engines)
            .WithIconName("DatabaseArrowRight")
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "Provisioner", State = KnownResourceStates.NotStarted, Properties = [] })
            .ExcludeFromManifest();
        environment.Provisioner = provisioner.Resource;
        return provisioner;
    }
}
