using Microsoft.Extensions.Options;

namespace PreviewAspire.Router;

/// <summary>
/// <c>GET /mesh</c> on the management port, without the control token (services read it; it holds only loopback URLs):
/// the <see cref="ServiceMeshDocument"/> of the table in force. <c>GET /mesh?after=N</c> answers at once when the version
/// is not N, else when the next table is accepted, or after <see cref="RouterOptions.MeshWaitSeconds"/> with the same
/// version. Cluster mode keeps no table: there it answers 404 with one line saying so.
/// </summary>
public static class ServiceMeshEndpoint
{
    /// <summary>The path services poll.</summary>
    public const string Path = "/mesh";

    /// <summary>Maps <see cref="Path"/>: the mesh in local mode, a 404 in cluster mode.</summary>
    public static IEndpointRouteBuilder MapServiceMesh(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<ServiceMesh>() is null)
        {
            endpoints.MapGet(Path, () => Results.Text(
                "GET /mesh is served in local mode only; in a cluster a service finds a PR's fork as Service <name> in namespace preview-pr<id>, else the baseline's in preview-main.\n",
                statusCode: StatusCodes.Status404NotFound));
            return endpoints;
        }

        endpoints.MapGet(Path, GetAsync);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(long? after, ServiceMesh mesh, IOptions<RouterOptions> options, IHostApplicationLifetime lifetime, HttpContext context)
    {
        var snapshot = mesh.Current;
        if (after is { } version)
        {
            // A router that stops answers every waiting poll at once rather than holding its shutdown.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            snapshot = await mesh.WaitAsync(version, TimeSpan.FromSeconds(options.Value.MeshWaitSeconds), stop.Token).ConfigureAwait(false);
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(snapshot.Json, "application/json");
    }
}
