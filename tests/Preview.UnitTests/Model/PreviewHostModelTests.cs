using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests.Model;

/// <summary>The host's model, checked without starting anything, in the manner of Aspire's own AddPostgres tests.</summary>
public sealed class PreviewHostModelTests
{
    [Fact]
    public void The_host_declares_a_preview_per_pr_it_starts_with_and_the_configured_slots()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 3, 7));

        Assert.Equal(["main", "pr7", "slot1", "slot2", "slot3"], model.Previews.Select(p => p.Resource.Name));
        Assert.Equal(PullRequestId.From(7), model.Resource<PreviewEnvironmentResource>("pr7").BoundPullRequest);
        Assert.All(model.Builder.Resources.OfType<PreviewSlotResource>(), slot => Assert.Null(slot.BoundPullRequest));
    }

    [Fact]
    public void Every_preview_service_waits_for_the_host_to_start_it_and_belongs_to_its_preview()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 1, 7));

        foreach (var preview in model.Previews.Select(p => p.Resource))
        {
            Assert.Equal(["api", "frontend", "worker"], preview.Services.Keys);
            foreach (var service in preview.Services.Values)
            {
                Assert.Single(service.Annotations.OfType<ExplicitStartupAnnotation>());
                Assert.Contains(service.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Type == "Parent" && r.Resource == preview);
                var endpoint = Assert.Single(service.Annotations.OfType<EndpointAnnotation>());
                // Replicas listen on their own loopback port, so a starting preview answers 502 at once instead of hanging.
                Assert.False(endpoint.IsProxied);
                Assert.NotNull(endpoint.Port);
            }

            var provisioner = Assert.IsType<ImmediateProvisionerResource>(preview.Provisioner);
            Assert.EndsWith(Path.Combine("Provisioner", "bin", "Debug", "net10.0", "Provisioner"), provisioner.Executable);
        }
    }

    [Fact]
    public async Task A_slot_resolves_the_identity_of_the_pr_it_serves_and_refuses_to_start_without_one()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 1));
        var slot = model.Resource<PreviewSlotResource>("slot1");
        var api = slot.Services["api"];

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => model.EnvironmentOf(api));
        Assert.Contains("serves no PR", refused.ToString());
        Assert.Contains("aspire resource slot1 serve", refused.ToString());

        slot.Assignment = new SlotAssignment(PullRequestId.From(9), new PreviewCredentials("pg-secret", "redis-secret", "amqp-secret"));
        var environment = await model.EnvironmentOf(api);
        Assert.Equal("9", environment["Preview__PullRequest"]);
        Assert.Contains("Database=preview_pr9;Username=preview_pr9;Password=pg-secret", environment["ConnectionStrings__ordersdb"]);
        Assert.Contains("user=preview_pr9,password=redis-secret", environment["ConnectionStrings__cache"]);
        Assert.EndsWith("/pr9", environment["ConnectionStrings__messaging"]);
    }

    [Fact]
    public void Data_surfaces_are_child_resources_that_read_idle_until_a_pr_is_served()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 1, 7));

        foreach (var preview in model.Previews.Select(p => p.Resource))
        {
            foreach (var surface in new[] { preview.Database, preview.Cache, preview.Messaging })
            {
                var resource = Assert.IsType<PreviewDataSurfaceResource>(surface);
                Assert.Same(preview, resource.Parent);
                var initial = Assert.Single(resource.Annotations.OfType<ResourceSnapshotAnnotation>());
                Assert.Equal("Idle", initial.InitialSnapshot.State?.Text);
            }
        }
    }

    [Fact]
    public void Every_preview_can_be_served_and_released_from_the_dashboard_and_a_slot_asks_which_pr()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 1, 7));

        foreach (var preview in model.Previews.Select(p => p.Resource).Where(p => p is not PreviewBaselineResource))
        {
            var commands = preview.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(c => c.Name);
            Assert.Contains("release", commands.Keys);
            var arguments = commands["serve"].Arguments.Select(a => a.Name);
            Assert.Equal(preview.BoundPullRequest is null ? ["pr", "fork"] : ["fork"], arguments);
        }
    }

    [Fact]
    public async Task The_baseline_runs_every_service_on_its_own_data_surfaces_and_is_not_served_or_released_like_a_pr()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 1));
        var baseline = model.Resource<PreviewBaselineResource>("main");

        Assert.Equal(["api", "frontend", "worker"], baseline.Services.Keys);
        Assert.Equal("main-api", baseline.Services["api"].Name);
        Assert.Empty(baseline.Annotations.OfType<ResourceCommandAnnotation>());
        var environment = await model.EnvironmentOf(baseline.Services["api"]);
        Assert.Equal(PreviewNames.BaselineKey, environment["Preview__PullRequest"]);
        Assert.Contains("Database=preview_main;Username=preview_main;", environment["ConnectionStrings__ordersdb"]);
        Assert.Contains("user=preview_main,", environment["ConnectionStrings__cache"]);
        Assert.EndsWith("/main", environment["ConnectionStrings__messaging"]);
        // Services resolve forks through the router's service mesh.
        Assert.EndsWith("/mesh", environment["Preview__Mesh"]);
    }

    [Fact]
    public void Without_the_baseline_the_host_declares_none()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 1) with { Baseline = false });

        Assert.Empty(model.Builder.Resources.OfType<PreviewBaselineResource>());
    }

    [Fact]
    public void Services_say_which_data_they_use_so_that_those_sharing_data_fork_together()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 1));
        var services = PreviewServiceInfo.Of(model.Resource<PreviewBaselineResource>("main")).ToDictionary(s => s.Name);

        Assert.Equal(["postgres", "rabbitmq", "redis"], services["api"].DataSurfaces.Order(StringComparer.Ordinal));
        Assert.Equal(["postgres"], services["worker"].DataSurfaces);
        Assert.Empty(services["frontend"].DataSurfaces);
        Assert.EndsWith(Path.Combine("Frontend", "Frontend.csproj"), services["frontend"].ProjectPath);
        Assert.Equal(["api", "worker"], ForkPlanner.Explicit([.. services.Values], ["api"]).Services);
    }

    [Fact]
    public async Task The_router_gets_a_secret_control_token_and_serves_previews_on_its_public_port_only()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 1, 7));
        var router = model.Router!.Resource;

        var endpoints = router.Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name);
        Assert.Equal(8080, endpoints["http"].Port);
        Assert.False(endpoints["http"].IsProxied);
        Assert.Contains("management", endpoints.Keys);
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run));
        foreach (var callback in router.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var token = Assert.IsType<ParameterResource>(context.EnvironmentVariables["Router__ControlToken"]);
        Assert.True(token.Secret);
        Assert.Equal(64, (await token.GetValueAsync(CancellationToken.None))!.Length);
        Assert.Equal("8080", context.EnvironmentVariables["Router__PublicPort"]);
    }

    [Fact]
    public void In_publish_mode_only_the_prs_previews_exist_and_their_services_wait_for_the_provisioner_job()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 4, 7), publish: true);

        var preview = Assert.Single(model.Previews).Resource;
        Assert.Empty(model.Builder.Resources.OfType<PreviewSlotResource>());
        var provisioner = Assert.IsType<ProjectResource>(preview.Provisioner);
        foreach (var service in preview.Services.Values)
        {
            Assert.Empty(service.Annotations.OfType<ExplicitStartupAnnotation>());
            Assert.Contains(service.Annotations.OfType<WaitAnnotation>(), w => w.Resource == provisioner && w.WaitType == WaitType.WaitForCompletion);
        }

        Assert.IsType<ConnectionStringResource>(preview.Database);
    }

    [Fact]
    public void Publishing_the_baseline_declares_its_services_on_its_own_data_surfaces()
    {
        using var model = new PreviewModel(PreviewCommandLine.Parse(["--pr", "main", "--infrastructure", "process"]), publish: true);

        var preview = Assert.IsType<PreviewEnvironmentResource>(Assert.Single(model.Previews).Resource);
        Assert.True(preview.Names.IsBaseline);
        Assert.Null(preview.BoundPullRequest);
        Assert.Equal(["main-api", "main-frontend", "main-worker"], preview.Services.Values.Select(s => s.Name).Order());
        Assert.Equal("main-postgres", preview.Database.Name);
        Assert.Equal("main-provisioner", preview.Provisioner?.Name);
    }

    [Fact]
    public void An_engines_only_host_declares_neither_router_nor_previews()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 8) with { EnginesOnly = true });

        Assert.Null(model.Router);
        Assert.Empty(model.Previews);
        Assert.Equal(["postgres", "rabbitmq", "redis"], model.Builder.Resources.Where(r => r is IResourceWithConnectionString).Select(r => r.Name).Order());
    }
}
