using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>Where a preview service listens locally, known before it starts.</summary>
internal static class PreviewServiceUrls
{
    /// <summary>
    /// The service's loopback URL: preview replicas listen on a fixed port in run mode (see
    /// <see cref="Aspire.Hosting.PreviewBuilderExtensions.AddPreviewService{TProject}"/>).
    /// </summary>
    public static Uri LocalUrl(ProjectResource service)
    {
        var endpoint = service.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
        var port = endpoint.Port ?? throw new InvalidOperationException($"'{service.Name}' has no fixed port to publish to the router.");
        return new Uri($"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}");
    }
}
