using PreviewAspire.Hosting;

namespace PreviewAspire.UnitTests.Forks;

public sealed class ExplicitForkPlanTests
{
    private static readonly IReadOnlyList<PreviewServiceInfo> Services = SampleServices.Under("/repo");

    [Fact]
    public void Without_fork_or_changed_from_a_pr_forks_everything()
    {
        var plan = ForkPlanner.Everything(Services);

        Assert.Equal(["api", "frontend", "worker"], plan.Services);
        Assert.True(plan.ForksEverything);
        Assert.True(plan.OwnsData);
        Assert.Equal(["no --fork or --changed-from → everything"], plan.Reasons);
    }

    [Fact]
    public void Forking_the_api_forks_the_worker_it_shares_data_with()
    {
        var plan = ForkPlanner.Explicit(Services, ["api"]);

        Assert.Equal(["api", "worker"], plan.Services);
        Assert.True(plan.OwnsData);
        Assert.False(plan.ForksEverything);
        Assert.Equal(["--fork api", "api and worker share data (postgres, redis, rabbitmq) → they fork together"], plan.Reasons);
    }

    [Fact]
    public void Forking_only_the_frontend_owns_no_data()
    {
        var plan = ForkPlanner.Explicit(Services, ["frontend"]);

        Assert.Equal(["frontend"], plan.Services);
        Assert.False(plan.OwnsData);
        Assert.Equal(["--fork frontend"], plan.Reasons);
        Assert.Equal("forks frontend", plan.Summary);
    }

    [Fact]
    public void Names_match_the_model_ignoring_case_and_repeats()
    {
        var plan = ForkPlanner.Explicit(Services, [" Frontend", "API", "api"]);

        Assert.Equal(["api", "frontend", "worker"], plan.Services);
        Assert.True(plan.ForksEverything);
        Assert.Equal("--fork frontend,api", plan.Reasons[0]);
    }

    [Fact]
    public void An_unknown_name_is_a_usage_error_that_lists_the_models_services()
    {
        var error = Assert.Throws<PreviewUsageException>(() => ForkPlanner.Explicit(Services, ["api", "payments"]));

        Assert.Equal("--fork names 'payments', which is not a service of the model; its services are api, frontend, worker.", error.Message);
    }

    [Fact]
    public void No_name_is_a_usage_error()
    {
        var error = Assert.Throws<PreviewUsageException>(() => ForkPlanner.Explicit(Services, [" "]));

        Assert.Equal("--fork names no service; name one or more of the model's services: api, frontend, worker.", error.Message);
    }

    [Fact]
    public void Services_fork_together_through_a_chain_of_shared_surfaces()
    {
        IReadOnlyList<PreviewServiceInfo> chain =
        [
            new("a", "/repo/a.csproj", ["x"]),
            new("b", "/repo/b.csproj", ["x", "y"]),
            new("c", "/repo/c.csproj", ["y", "z"]),
            new("d", "/repo/d.csproj", ["z2"]),
        ];

        var plan = ForkPlanner.Explicit(chain, ["a"]);

        Assert.Equal(["a", "b", "c"], plan.Services);
        Assert.Equal(["--fork a", "a, b and c share data (x, y) → they fork together"], plan.Reasons);
    }
}
