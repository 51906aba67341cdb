using PreviewAspire.AppHost;
using PreviewAspire.Hosting;

// The map of a preview host: shared engines, one edge router, and per PR — started with the host, or served later in a
// slot — its provisioner, API, worker and frontend. A later run on the same state directory does not get here: it asks
// the running host to serve its PRs (see PreviewHost).
var builder = PreviewHost.CreateBuilder(args);

var engines = builder.AddPreviewEngines();
var router = builder.AddPreviewRouter<Projects.Router>();

foreach (var preview in builder.AddPreviews<Projects.Provisioner>(engines, router))
{
    var api = preview.AddPreviewService<Projects.Api>("api")
        .WithPreviewDatabase(preview, "ordersdb")
        .WithPreviewCache(preview, "cache")
        .WithPreviewMessaging(preview, "messaging");

    preview.AddPreviewService<Projects.Worker>("worker")
        .WithPreviewDatabase(preview, "ordersdb")
        .WithPreviewCache(preview, "cache")
        .WithPreviewMessaging(preview, "messaging");

    preview.AddPreviewService<Projects.Frontend>("frontend")
        .WithReference(api, "api");
}

builder.AddPreviewBanner(router);
builder.AddKubernetesOverlay(PreviewHostSettings.Of(builder).Options, args);

builder.Build().Run();
