using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PreviewAspire.Hosting;

namespace Aspire.Hosting;

/// <summary>Provisions a PR on engines that already run, starting at once instead of after the orchestrator is up.</summary>
public static class ImmediateProvisionerBuilderExtensions
{
    /// <summary>
    /// Adds the PR's provisioner (the built executable of project <typeparamref name="TProject"/>) as a resource the AppHost
    /// runs itself when it starts — before its orchestrator (DCP) is up, which takes seconds — on <paramref name="engines"/>,
    /// which must already run. It gets the same inputs as <see cref="PreviewBuilderExtensions.WithProvisioner{TProject}"/>;
    /// its output goes to the resource's log; services wait for it to finish with exit code 0.
    /// </summary>
    /// <exception cref="PreviewPrerequisiteException">The provisioner has not been built.</exception>
    public static IResourceBuilder<PreviewEnvironmentResource> WithImmediateProvisioner<TProject>(this IResourceBuilder<PreviewEnvironmentResource> preview, PreviewEngines engines)
        where TProject : IProjectMetadata, new()
    {
        var provisioner = preview.AddProvisionerRunByAppHost<PreviewEnvironmentResource, TProject>(engines);
        preview.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((e, cancellationToken) =>
        {
            // It outlives start-up, so it stops with the application rather than with the start-up token.
            var run = new ProvisionerRun(provisioner.Resource, e.Services);
            _ = run.RunAsync(e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            return Task.CompletedTask;
        });
        return preview;
    }

    /// <summary>
    /// Adds the preview's provisioner as a resource the AppHost runs itself (see <see cref="ProvisionerRun"/>) with the
    /// provisioner's inputs; the caller decides when it runs.
    /// </summary>
    internal static IResourceBuilder<ImmediateProvisionerResource> AddProvisionerRunByAppHost<TPreview, TProject>(this IResourceBuilder<TPreview> preview, PreviewEngines engines)
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
