using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting;
using PreviewAspire.Naming;

namespace PreviewAspire.AppHost;

/// <summary>Prints, once the router is up, where the host's previews and its dashboard are and how to add a PR.</summary>
internal static class PreviewBanner
{
    /// <summary>Prints the banner once <paramref name="router"/> is healthy (run mode only).</summary>
    public static void AddPreviewBanner(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource>? router)
    {
        if (builder.ExecutionContext.IsPublishMode || router is null)
        {
            return;
        }

        var settings = PreviewHostSettings.Of(builder);
        var options = settings.Options;
        var lines = new List<string> { "", $"PreviewAspire host on {settings.State!.Root}:" };
        if (options.Baseline)
        {
            lines.Add($"  main      frontend  {settings.PublicUrl(null, PreviewSurface.Frontend)}   (the baseline: serves what PRs do not fork)");
            lines.Add($"  {"",-9} api       {settings.PublicUrl(null, PreviewSurface.Api)}");
        }

        foreach (var pullRequest in options.PullRequests)
        {
            lines.Add($"  PR {pullRequest,-6} frontend  {settings.PublicUrl(pullRequest, PreviewSurface.Frontend)}");
            lines.Add($"  {"",-9} api       {settings.PublicUrl(pullRequest, PreviewSurface.Api)}");
        }

        if (DashboardDefaults.LoginUrl(builder.Configuration) is { } dashboard)
        {
            lines.Add($"  dashboard        {dashboard}");
        }

        lines.Add(options.PullRequests.Count == 0
            ? "No PR is served yet."
            : "Services start once their PR is provisioned; the dashboard shows progress.");
        lines.Add($"Add a PR while this runs: 'eng/run.sh --pr <number>' or 'preview up <number>' (a slot serves it within seconds; {options.Slots} slots), or the Serve command of a slot in the dashboard. Ctrl+C stops everything.");
        var banner = string.Join(Environment.NewLine, lines);
        builder.Eventing.Subscribe<ResourceReadyEvent>(router.Resource, (_, _) =>
        {
            Console.WriteLine(banner);
            return Task.CompletedTask;
        });
    }
}
