using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using PreviewAspire.Hosting;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.AppHost;

/// <summary>Prints where each preview and the dashboard can be reached.</summary>
internal static class PreviewBanner
{
    /// <summary>Prints the banner once this AppHost's router is healthy.</summary>
    public static void AddPreviewBanner(this IDistributedApplicationBuilder builder, PreviewOptions options, IResourceBuilder<ProjectResource> router)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return;
        }

        var standby = options.StandbySlots > 0
            ? $"{Environment.NewLine}Add a PR while this runs: start another run with --pr <number> on the same state directory; one of the {options.StandbySlots} standby slots serves it within seconds."
            : string.Empty;
        var lines = Lines(builder, options, new RouterAddress(options.RouterPort, options.Domain), "PreviewAspire is serving:",
            "Services start once their PR is provisioned; the dashboard shows progress. Ctrl+C stops everything." + standby);
        builder.Eventing.Subscribe<ResourceReadyEvent>(router.Resource, (_, _) =>
        {
            Console.WriteLine(lines);
            return Task.CompletedTask;
        });
    }

    /// <summary>Prints the banner of an AppHost that joined <paramref name="joined"/>, whose router serves its PRs, as it starts.</summary>
    public static void AddJoinedPreviewBanner(this IDistributedApplicationBuilder builder, PreviewOptions options, EngineRuntime joined)
    {
        var lines = Lines(builder, options, joined.Router!, $"PreviewAspire joined the AppHost (pid {joined.AppHostPid}) running on this state directory; its router serves:",
            "These PRs use its engines and stop with it. Ctrl+C stops only the PRs above.");
        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            Console.WriteLine(lines);
            return Task.CompletedTask;
        });
    }

    private static string Lines(IDistributedApplicationBuilder builder, PreviewOptions options, RouterAddress router, string title, string footer) =>
        Lines(options.PullRequests, router, title, builder.Configuration["ASPNETCORE_URLS"]?.Split(';').FirstOrDefault(), footer);

    /// <summary>The banner: a title, each PR's frontend and API URL on <paramref name="router"/>, the dashboard when known, a footer.</summary>
    public static string Lines(IEnumerable<PullRequestId> pullRequests, RouterAddress router, string title, string? dashboard, string footer)
    {
        var lines = new List<string> { "", title };
        foreach (var pullRequest in pullRequests)
        {
            var names = pullRequest.Names;
            lines.Add($"  PR {pullRequest,-6} frontend  http://{names.Host(PreviewSurface.Frontend, router.Domain)}:{router.Port}/");
            lines.Add($"  {"",-9} api       http://{names.Host(PreviewSurface.Api, router.Domain)}:{router.Port}/");
        }

        if (dashboard is not null)
        {
            lines.Add($"  dashboard        {dashboard}");
        }

        lines.Add(footer);
        return string.Join(Environment.NewLine, lines);
    }
}
