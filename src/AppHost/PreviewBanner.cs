using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using PreviewAspire.Hosting;
using PreviewAspire.Naming;

namespace PreviewAspire.AppHost;

/// <summary>Prints where each preview and the dashboard can be reached once the router is healthy.</summary>
internal static class PreviewBanner
{
    public static void AddPreviewBanner(this IDistributedApplicationBuilder builder, PreviewOptions options, IResourceBuilder<ProjectResource> router)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return;
        }

        var dashboard = builder.Configuration["ASPNETCORE_URLS"]?.Split(';').FirstOrDefault();
        builder.Eventing.Subscribe<ResourceReadyEvent>(router.Resource, (_, _) =>
        {
            var lines = new List<string> { "", "PreviewAspire is serving:" };
            foreach (var pullRequest in options.PullRequests)
            {
                var names = pullRequest.Names;
                lines.Add($"  PR {pullRequest,-6} frontend  http://{names.Host(PreviewSurface.Frontend, options.Domain)}:{options.RouterPort}/");
                lines.Add($"  {"",-9} api       http://{names.Host(PreviewSurface.Api, options.Domain)}:{options.RouterPort}/");
            }

            if (dashboard is not null)
            {
                lines.Add($"  dashboard        {dashboard}");
            }

            lines.Add("Services start once their PR is provisioned; the dashboard shows progress. Ctrl+C stops everything.");
            Console.WriteLine(string.Join(Environment.NewLine, lines));
            return Task.CompletedTask;
        });
    }
}
