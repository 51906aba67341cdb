using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>
/// Local mode: destinations come from Aspire service-discovery configuration (<c>services:pr42-frontend:http:0</c>),
/// which the AppHost injects for every preview it runs. A reloadable configuration source adds or removes previews
/// without restarting the router.
/// </summary>
public sealed class ServiceDiscoveryDestinations(IConfiguration configuration) : IPreviewDestinations
{
    /// <inheritdoc />
    public ValueTask<Uri?> FindAsync(PullRequestId pullRequest, PreviewSurface surface, CancellationToken cancellationToken)
    {
        var service = pullRequest.Names.ServiceFor(surface);
        var address = configuration[$"services:{service}:http:0"] ?? configuration[$"services:{service}:https:0"];
        return ValueTask.FromResult(Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null);
    }
}
