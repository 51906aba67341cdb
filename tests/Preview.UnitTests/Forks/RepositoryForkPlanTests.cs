using PreviewAspire.Hosting;
using PreviewAspire.UnitTests.Model;

namespace PreviewAspire.UnitTests.Forks;

/// <summary>The fork decision on this repository's own layout and project references, as checked out.</summary>
public sealed class RepositoryForkPlanTests
{
    private static readonly IReadOnlyList<PreviewServiceInfo> Services = SampleServices.Under(Repository.Root);

    [Theory]
    [InlineData("src/Frontend/Program.cs", "frontend")]
    [InlineData("src/Orders.Data/Order.cs", "api,worker")]
    [InlineData("src/Api/Program.cs", "api,worker")]
    [InlineData("src/ServiceDefaults/PreviewContext.cs", "api,frontend,worker")]
    [InlineData("src/Preview.Naming/PreviewNames.cs", "api,frontend,worker")]
    [InlineData("Directory.Packages.props", "api,frontend,worker")]
    [InlineData("src/AppHost/Program.cs", "")]
    [InlineData("src/Router/Program.cs", "")]
    [InlineData("tests/Preview.UnitTests/Forks/RepositoryForkPlanTests.cs", "")]
    [InlineData("docs/benchmarks.md", "")]
    public void A_change_to_this_repository_forks_the_services_that_build_with_it(string file, string forked)
    {
        var plan = ForkPlanner.FromChangedFiles(Services, Repository.Root, [file]);

        Assert.Equal(forked.Split(',', StringSplitOptions.RemoveEmptyEntries), plan.Services);
    }
}
