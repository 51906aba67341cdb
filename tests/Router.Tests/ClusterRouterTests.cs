using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace PreviewAspire.Router.Tests;

/// <summary>The router in cluster mode on real Kestrel ports, with a fake resolver in place of the cluster's DNS.</summary>
public sealed class ClusterRouterTests
{
    [Fact]
    public async Task A_preview_whose_service_exists_but_accepts_no_connection_gets_the_wake_up_page()
    {
        var closed = LoopbackPorts.Free();
        // The Service resolves for the router's lookup, but nothing listens behind it (scaled to zero).
        await using var router = await RunningRouter.StartAsync(
            builder => builder.Services.AddSingleton<IServiceResolver>(new KnownServices("localhost", ["frontend.preview-pr42"])),
            "--Router:Mode=cluster", "--Router:ClusterDomain=localhost", $"--Router:ClusterServicePort={closed}");

        var response = await router.GetAsync($"pr42.{RunningRouter.Domain}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("2", Assert.Single(response.Headers.GetValues("Refresh")));
        Assert.Contains("PR 42's preview is waking up", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await router.GetAsync($"pr43.{RunningRouter.Domain}")).StatusCode);
    }

    [Fact]
    public async Task The_mesh_is_not_served_in_cluster_mode()
    {
        await using var router = await RunningRouter.StartAsync("--Router:Mode=cluster");

        var response = await router.Management.GetAsync(ServiceMeshEndpoint.Path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single((await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
