using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PreviewAspire.Hosting;
using PreviewAspire.Naming;

namespace Aspire.Hosting;

/// <summary>Declares standby slots: previews this AppHost starts for PRs asked for while it runs.</summary>
public static class StandbyPreviewBuilderExtensions
{
    /// <summary>
    /// Adds <paramref name="count"/> standby slots (<c>standby1</c>, <c>standby2</c>, …) on <paramref name="engines"/>, each
    /// with a provisioner the AppHost runs itself and the connection strings of whichever PR it serves; their services are
    /// declared by the caller (<see cref="PreviewBuilderExtensions.AddPreviewService{TProject}"/>) and start only for a PR.
    /// Requests in <paramref name="state"/> (<see cref="StandbyRequestFiles"/>) assign them; PRs in <paramref name="ownPullRequests"/>
    /// already run here and are refused. Nothing is added in publish mode.
    /// </summary>
    /// <typeparam name="TProvisioner">The provisioner project, already built.</typeparam>
    public static IReadOnlyList<IResourceBuilder<StandbyPreviewResource>> AddStandbyPreviews<TProvisioner>(
        this IDistributedApplicationBuilder builder, int count, PreviewEngines engines, PreviewStateDirectory state, IEnumerable<PullRequestId> ownPullRequests)
        where TProvisioner : IProjectMetadata, new()
    {
        if (builder.ExecutionContext.IsPublishMode || count == 0)
        {
            return [];
        }

        var slots = new List<IResourceBuilder<StandbyPreviewResource>>();
        for (var slot = 1; slot <= count; slot++)
        {
            var preview = builder.AddResource(new StandbyPreviewResource(new StandbySlotNames(slot)))
                .WithIconName("BranchFork")
                .WithInitialState(new CustomResourceSnapshot
                {
                    ResourceType = "Standby preview",
                    State = new ResourceStateSnapshot("Standby", KnownResourceStateStyles.Info),
                    Properties = [],
                })
                .ExcludeFromManifest();
            builder.AddPreviewConnectionStrings(preview.Resource, engines);
            preview.AddProvisionerRunByAppHost<StandbyPreviewResource, TProvisioner>(engines);
            slots.Add(preview);
        }

        var own = ownPullRequests.Select(pr => pr.Value).ToArray();
        builder.Services.AddHostedService(services => new StandbyDispatcher(
            state.Root, [.. slots.Select(s => s.Resource)], own, services, services.GetRequiredService<ILogger<StandbyDispatcher>>()));
        return slots;
    }
}
