using Microsoft.Extensions.Configuration;
using PreviewAspire.AppHost;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;

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

try
{
    // An AppHost already running on the state directory keeps its engines and router. It serves this run's PRs from its
    // standby slots when enough are free; otherwise this AppHost joins it with its PRs.
    var state = PublishArguments.IsPublish(args) ? null : PreviewStateDirectory.Resolve(options.StateDirectory, AppContext.BaseDirectory).EnsureCreated();
    using var role = state is null ? null : AppHostRole.Claim(state, options, TimeSpan.FromMinutes(2), Console.Error.WriteLine);
    var joined = role?.Joined;
    if (joined is { StandbySlots: > 0 } && StandbyClient.Serve(state!, joined, options) is { } standbyExit)
    {
        return standbyExit;
    }

    if (joined is not null)
    {
        JoinedPreviewBuilderExtensions.UseFreeDashboardPorts();
    }

    var builder = DistributedApplication.CreateBuilder(args);
    // Previews run offline and unattended as often as not: the check for newer Aspire packages only costs start-up time.
    builder.Configuration["ASPIRE_VERSION_CHECK_DISABLED"] = "true";
    builder.AddKubernetesOverlay(options, args);

    var router = options.EnginesOnly || joined is not null ? null : builder.AddPreviewRouter<Projects.Router>(options).WithJoinedPreviewRoutes(state);
    var engines = joined is null ? builder.AddPreviewEngines(options.Infrastructure, state) : builder.AddRunningEngines(joined.Engines);
    // Standby slots let a later run add a PR in seconds: this AppHost starts the slot's services for it.
    var standbySlots = state is null || router is null ? 0 : options.StandbySlots;
    if (state is not null && joined is null)
    {
        engines.WithEngineRuntimeFile(builder, state, options.PullRequests.Select(pr => pr.Value), router is null ? null : new RouterAddress(options.RouterPort, options.Domain), standbySlots);
    }

    foreach (var pullRequest in options.EnginesOnly ? [] : options.PullRequests)
    {
        var preview = builder.AddPreview(pullRequest, engines, state);
        // A joining AppHost provisions at once: the engines already run, and its orchestrator takes seconds to start.
        preview = joined is null
            ? preview.WithProvisioner<Projects.Provisioner>(engines)
            : preview.WithImmediateProvisioner<Projects.Provisioner>(engines);

        var (frontend, api) = AddPreviewServices(preview);
        if (router is not null)
        {
            router.WithPreviewRoutes(frontend, api);
        }
        else if (joined is not null)
        {
            preview.WithRoutesOnRunningRouter(state!, frontend, api);
        }
    }

    foreach (var slot in builder.AddStandbyPreviews<Projects.Provisioner>(standbySlots, engines, state!, options.PullRequests))
    {
        AddPreviewServices(slot);
    }

    if (router is not null)
    {
        builder.AddPreviewBanner(options, router);
    }
    else if (joined is not null)
    {
        builder.AddJoinedPreviewBanner(options, joined);
        builder.StopWithJoinedAppHost(joined);
    }

    builder.Build().Run();
    return 0;
}
catch (Exception ex) when (ex is PreviewUsageException or PreviewPrerequisiteException or ProvisioningException)
{
    Console.Error.WriteLine(ex.Message);
    return 3;
}

// Every preview's services, whether of a PR or of a standby slot: API and worker on the PR's data surfaces, frontend on the API.
static (IResourceBuilder<ProjectResource> Frontend, IResourceBuilder<ProjectResource> Api) AddPreviewServices(IResourceBuilder<PreviewResource> preview)
{
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
    return (frontend, api);
}
