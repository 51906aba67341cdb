using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// Keeps <see cref="ServiceMesh"/> current from the router's <c>GET /mesh</c> (configuration <c>Preview:Mesh</c>, which
/// the host sets): a long poll that returns as soon as the host changes which PR forks what.
/// </summary>
internal sealed partial class ServiceMeshClient(Uri meshUrl, ServiceMesh mesh, ILogger<ServiceMeshClient> logger) : BackgroundService
{
    /// <summary>The configuration key of the router's mesh URL.</summary>
    public const string MeshKey = "Preview:Mesh";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    // Its own client: the calls it makes must not themselves be routed, retried or traced.
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, ActivityHeadersPropagator = null }) { Timeout = TimeSpan.FromSeconds(40) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var document = await _http.GetFromJsonAsync(new Uri(meshUrl, $"?after={mesh.Version}"), ServiceMeshJson.Default.ServiceMeshDocument, stoppingToken).ConfigureAwait(false);
                if (document is not null && document.Version != mesh.Version)
                {
                    mesh.Replace(document);
                }

                failures = 0;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                if (failures++ == 0)
                {
                    LogUnreachable(logger, meshUrl, exception.Message);
                }

                await Task.Delay(RetryAfter, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: the poll in flight was cut short.
                return;
            }
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The router's service mesh at {MeshUrl} is unreachable ({Reason}); calls follow the service's own configuration until it answers")]
    private static partial void LogUnreachable(ILogger logger, Uri meshUrl, string reason);
}
