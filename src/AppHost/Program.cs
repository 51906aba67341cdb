using Microsoft.Extensions.Configuration;
using PreviewAspire.AppHost;
using PreviewAspire.Hosting;

// The map of a preview: shared engines, one edge router, and per PR its provisioner, API, worker and frontend.
PreviewOptions options;
try
{
    // Validated before anything is built, so bad input creates nothing.
    options = PreviewCommandLine.Parse(args, new ConfigurationBuilder().AddEnvironmentVariables().Build(), requirePullRequest: !PublishArguments.IsPublish(args));
}
catch (PreviewUsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var builder = DistributedApplication.CreateBuilder(args);
try
{
    builder.AddKubernetesOverlay(options, args);
    var state = builder.ExecutionContext.IsPublishMode ? null : PreviewStateDirectory.Resolve(options.StateDirectory, builder.AppHostDirectory).EnsureCreated();
    using var stateLock = state?.AcquireLock();

    var router = options.EnginesOnly ? null : builder.AddPreviewRouter<Projects.Router>(options);
    var engines = builder.AddPreviewEngines(options.Infrastructure, state);
    if (state is not null)
    {
        engines.WithEngineRuntimeFile(builder, state, options.PullRequests.Select(pr => pr.Value));
    }

    foreach (var pullRequest in router is null ? [] : options.PullRequests)
    {
        var preview = builder.AddPreview(pullRequest, engines, state)
            .WithProvisioner<Projects.Provisioner>(engines);

        var api = preview.AddPreviewService<Projects.Api>("api")
            .WithPreviewDatabase(preview, "ordersdb")
            .WithPreviewCache(preview, "cache")
            .WithPreviewMessaging(preview, "messaging");

        preview.AddPreviewService<Projects.Worker>("worker")
            .WithPreviewDatabase(preview, "ordersdb")
            .WithPreviewCache(preview, "cache")
            .WithPreviewMessaging(preview, "messaging");

        var frontend = preview.AddPreviewService<Projects.Frontend>("frontend")
            .WithReference(api, "api");

        router!.WithPreviewRoutes(frontend, api);
    }

    if (router is not null)
    {
        builder.AddPreviewBanner(options, router);
    }

    builder.Build().Run();
    return 0;
}
catch (Exception ex) when (ex is PreviewUsageException or PreviewPrerequisiteException)
{
    Console.Error.WriteLine(ex.Message);
    return 3;
}
