using PreviewAspire.Hosting;

namespace PreviewAspire.UnitTests.Forks;

public sealed class ChangedFilesForkPlanTests(ForkRepository repository) : IClassFixture<ForkRepository>
{
    [Fact]
    public void A_file_in_the_frontend_forks_the_frontend_alone_which_owns_no_data()
    {
        var plan = repository.Plan("frontend", r => r.Write("src/Frontend/Pages/Index.razor", "<h1>new orders</h1>"));

        Assert.Equal(["frontend"], plan.Services);
        Assert.False(plan.OwnsData);
        Assert.False(plan.ForksEverything);
        Assert.Equal(["src/Frontend/Pages/Index.razor → project Frontend → frontend"], plan.Reasons);
        Assert.Equal("forks frontend", plan.Summary);
    }

    [Fact]
    public void A_file_in_a_library_the_api_and_the_worker_use_forks_both()
    {
        var plan = repository.Plan("orders-data", r => r.Write("src/Orders.Data/Database/OrderRepository.cs", "// orders, paged"));

        Assert.Equal(["api", "worker"], plan.Services);
        Assert.True(plan.OwnsData);
        Assert.Equal(["src/Orders.Data/Database/OrderRepository.cs → project Orders.Data → api, worker"], plan.Reasons);
        Assert.Equal("forks api, worker (owns data)", plan.Summary);
    }

    [Fact]
    public void A_file_in_service_defaults_forks_everything()
    {
        var plan = repository.Plan("defaults", r => r.Write("src/ServiceDefaults/Extensions.cs", "// defaults, traced"));

        Assert.Equal(["api", "frontend", "worker"], plan.Services);
        Assert.True(plan.ForksEverything);
        Assert.Equal(["src/ServiceDefaults/Extensions.cs → project ServiceDefaults, which every service builds with → everything"], plan.Reasons);
        Assert.Equal("forks everything: api, frontend, worker (owns data)", plan.Summary);
    }

    [Theory]
    [InlineData("Directory.Build.props")]
    [InlineData("Directory.Packages.props")]
    [InlineData("global.json")]
    [InlineData("NuGet.config")]
    [InlineData("src/nuget.config")]
    [InlineData("src/Directory.Build.targets")]
    public void A_build_input_above_every_service_forks_everything(string file)
    {
        var plan = repository.Plan("build-input", r => r.Write(file, "<!-- changed -->"));

        Assert.True(plan.ForksEverything);
        Assert.Equal([$"{file} → every service builds with it → everything"], plan.Reasons);
    }

    [Fact]
    public void A_build_input_in_a_library_folder_forks_the_services_that_build_with_the_library()
    {
        var plan = repository.Plan("library-props", r => r.Write("src/Orders.Data/Directory.Build.props", "<Project />"));

        Assert.Equal(["api", "worker"], plan.Services);
        Assert.Equal(["src/Orders.Data/Directory.Build.props → builds Orders.Data → api, worker"], plan.Reasons);
    }

    [Fact]
    public void A_build_input_under_the_tests_folder_forks_nothing()
    {
        var plan = repository.Plan("tests-props", r => r.Write("tests/Directory.Build.props", "<Project />"));

        Assert.Empty(plan.Services);
        Assert.Equal(["tests/Directory.Build.props → no service builds with it → nothing"], plan.Reasons);
    }

    [Fact]
    public void The_readme_and_docs_fork_nothing_and_the_pr_is_served_by_the_baseline()
    {
        var plan = repository.Plan("docs", r =>
        {
            r.Write("README.md", "# sample, explained");
            r.Write("docs/x.md", "more docs");
        });

        Assert.Empty(plan.Services);
        Assert.False(plan.ForksEverything);
        Assert.False(plan.OwnsData);
        Assert.Equal(["README.md (+1 more) → in no project → nothing"], plan.Reasons);
        Assert.Equal("forks nothing: served by the baseline", plan.Summary);
    }

    [Fact]
    public void A_deleted_file_whose_folder_is_gone_forks_the_project_around_it()
    {
        var plan = repository.Plan("deleted", r => r.Delete("src/Frontend/Legacy/Banner.cs"));

        Assert.False(Directory.Exists(Path.Combine(repository.Root, "src/Frontend/Legacy")));
        Assert.Equal(["frontend"], plan.Services);
        Assert.Equal(["src/Frontend/Legacy/Banner.cs → project Frontend → frontend"], plan.Reasons);
    }

    [Fact]
    public void A_renamed_file_forks_what_it_left_as_well_as_where_it_went()
    {
        var plan = repository.Plan("renamed", r => r.Move("src/Frontend/Legacy/Banner.cs", "docs/banner.cs"));

        Assert.Equal(["frontend"], plan.Services);
        Assert.Equal(["docs/banner.cs → in no project → nothing", "src/Frontend/Legacy/Banner.cs → project Frontend → frontend"], plan.Reasons);
    }

    [Fact]
    public void A_change_to_a_project_file_forks_that_project()
    {
        var plan = repository.Plan("csproj", r => r.Write("src/Api/Api.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <ProjectReference Include="..\Orders.Data\Orders.Data.csproj" />
                <ProjectReference Include="..\ServiceDefaults\ServiceDefaults.csproj" />
              </ItemGroup>
              <PropertyGroup><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup>
            </Project>
            """));

        Assert.Equal(["api", "worker"], plan.Services);
        Assert.Equal(["src/Api/Api.csproj → project Api → api", "api and worker share data (postgres, redis, rabbitmq) → they fork together"], plan.Reasons);
    }

    [Fact]
    public void The_project_graph_is_read_as_the_branch_has_it()
    {
        var plan = repository.Plan("new-reference", r =>
        {
            r.Write("src/Frontend/Frontend.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <ItemGroup>
                    <ProjectReference Include="..\ServiceDefaults\ServiceDefaults.csproj;..\Orders.Data\Orders.Data.csproj" />
                  </ItemGroup>
                </Project>
                """);
            r.Write("src/Orders.Data/Database/OrderRepository.cs", "// orders, shared with the frontend");
        });

        Assert.True(plan.ForksEverything);
        Assert.Contains("src/Orders.Data/Database/OrderRepository.cs → project Orders.Data, which every service builds with → everything", plan.Reasons);
    }

    [Theory]
    [InlineData("tests/X.Tests/ApiTests.cs", "X.Tests")]
    [InlineData("src/AppHost/Program.cs", "AppHost")]
    public void A_file_in_a_project_no_service_builds_with_forks_nothing(string file, string project)
    {
        var plan = repository.Plan("unbuilt-" + project, r => r.Write(file, "// changed"));

        Assert.Empty(plan.Services);
        Assert.Equal([$"{file} → project {project}, which no service builds with → nothing"], plan.Reasons);
    }

    [Fact]
    public void Files_of_one_project_are_told_in_one_line_and_each_cause_in_its_own()
    {
        var plan = repository.Plan("mixed", r =>
        {
            r.Write("src/Frontend/Pages/Index.razor", "<h1>orders!</h1>");
            r.Write("src/Frontend/Pages/Cart.razor", "<h1>cart</h1>");
            r.Write("README.md", "# sample, again");
        });

        Assert.Equal(["frontend"], plan.Services);
        Assert.Equal(["README.md → in no project → nothing", "src/Frontend/Pages/Cart.razor (+1 more) → project Frontend → frontend"], plan.Reasons);
    }

    [Fact]
    public void Project_paths_reached_through_a_linked_folder_match_the_files_under_gits_root()
    {
        var changed = repository.Change("linked", r => r.Write("Directory.Build.props", "<Project><!-- linked --></Project>"));
        var link = Path.Combine(Path.GetTempPath(), "preview-forks-link-" + Guid.NewGuid().ToString("N"));
        Directory.CreateSymbolicLink(link, repository.Root);
        try
        {
            Assert.True(ForkPlanner.FromChangedFiles(SampleServices.Under(link), repository.Root, changed).ForksEverything);
            Assert.True(ForkPlanner.FromChangedFiles(repository.Services, link, changed).ForksEverything);
        }
        finally
        {
            Directory.Delete(link);
        }
    }

    [Fact]
    public void No_changed_files_fork_nothing()
    {
        var plan = ForkPlanner.FromChangedFiles(repository.Services, repository.Root, []);

        Assert.Empty(plan.Services);
        Assert.Equal(["no changed files → nothing"], plan.Reasons);
    }
}
