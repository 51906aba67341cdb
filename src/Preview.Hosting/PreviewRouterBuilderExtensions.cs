using System.Globalization;
using System.Security.Cryptography;
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
    /// with its own health and control endpoints on a separate port, so that every host on the public port is a preview
    /// lookup. In run mode the host keeps its route table (<c>PUT /routes</c> with a control token generated per run).
    /// Null when the host runs the engines only.
    /// </summary>
    public static IResourceBuilder<ProjectResource>? AddPreviewRouter<TProject>(this IDistributedApplicationBuilder builder)
        where TProject : IProjectMetadata, new()
    {
        var options = PreviewHostSettings.Of(builder).Options;
        if (options.EnginesOnly)
        {
            return null;
        }

        if (!builder.ExecutionContext.IsPublishMode && !LoopbackPort.IsFree(options.RouterPort))
        {
            throw new PreviewPrerequisiteException(
                $"The router cannot listen on port {options.RouterPort}: something else is using it. Pass --router-port <free port> (or set Preview:RouterPort), or stop what holds the port.");
        }

        var router = builder.AddProject<TProject>(RouterName, launchProfileName: null);
        if (!builder.ExecutionContext.IsPublishMode)
        {
            BuiltProjectLaunch.Apply(router.Resource, new TProject());
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            router.WithAnnotation(new RouterControlTokenAnnotation(token))
                .WithEnvironment("Router__ControlToken", builder.AddParameter("router-control-token", token, secret: true).ExcludeFromManifest());
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

    /// <summary>The token with which the host pushes <paramref name="router"/>'s route table.</summary>
    internal static string ControlTokenOf(ProjectResource router) =>
        router.Annotations.OfType<RouterControlTokenAnnotation>().Single().Token;

    private sealed record RouterControlTokenAnnotation(string Token) : IResourceAnnotation;
}
