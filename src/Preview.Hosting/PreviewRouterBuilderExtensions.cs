using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;

namespace Aspire.Hosting;

/// <summary>Adds the edge router that maps preview hostnames to each PR's replicas.</summary>
public static class PreviewRouterBuilderExtensions
{
    /// <summary>The router's resource name.</summary>
    public const string RouterName = "router";

    /// <summary>
    /// Adds the router project <typeparamref name="TProject"/> listening on <see cref="PreviewOptions.RouterPort"/> for preview traffic,
    /// with its own health endpoint on a separate port so that every host on the public port is a preview lookup.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPreviewRouter<TProject>(this IDistributedApplicationBuilder builder, PreviewOptions options)
        where TProject : IProjectMetadata, new()
    {
        if (!builder.ExecutionContext.IsPublishMode && !LoopbackPort.IsFree(options.RouterPort))
        {
            throw new PreviewPrerequisiteException(
                $"The router cannot listen on port {options.RouterPort}: something else is using it. Pass --router-port <free port> (or set Preview:RouterPort), or stop what holds the port.");
        }

        var router = builder.AddProject<TProject>(RouterName, launchProfileName: null);
        if (!builder.ExecutionContext.IsPublishMode)
        {
            BuiltProjectLaunch.Apply(router.Resource, new TProject());
        }

        return router
            .WithHttpEndpoint(port: options.RouterPort, targetPort: options.RouterPort, name: "http", isProxied: false)
            .WithHttpEndpoint(name: "management")
            .WithEnvironment("Router__PublicPort", options.RouterPort.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("Preview__Domain", options.Domain)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", PreviewBuilderExtensions.ServiceEnvironment)
            .WithHttpHealthCheck("/health", endpointName: "management")
            .WithIconName("Router");
    }

    /// <summary>
    /// Lets AppHosts that join this one on the same <paramref name="state"/> directory publish their PRs to the router:
    /// it watches the directory's route files and serves their PRs without a restart.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithJoinedPreviewRoutes(this IResourceBuilder<ProjectResource> router, PreviewStateDirectory? state) =>
        state is null ? router : router.WithEnvironment("Router__RoutesDirectory", PreviewRouteFiles.DirectoryIn(state.Root));

    /// <summary>Routes the preview's hostnames to its <paramref name="frontend"/> and <paramref name="api"/> through service discovery.</summary>
    public static IResourceBuilder<ProjectResource> WithPreviewRoutes(
        this IResourceBuilder<ProjectResource> router,
        IResourceBuilder<ProjectResource> frontend,
        IResourceBuilder<ProjectResource> api) =>
        router.WithReference(frontend).WithReference(api);
}
