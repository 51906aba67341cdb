using Aspire.Hosting;
namespace PreviewAspire.UnitTests.Model;

/// <summary>The sample application's projects as the AppHost's generated metadata names them, for model-level tests.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string Project(string name) => Path.Combine(Root, "src", name, name + ".csproj");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PreviewAspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository.");
    }
}

internal sealed class ApiProject : IProjectMetadata
{
    public string ProjectPath => Repository.Project("Api");
}

internal sealed class WorkerProject : IProjectMetadata
{
    public string ProjectPath => Repository.Project("Worker");
}

internal sealed class FrontendProject : IProjectMetadata
{
    public string ProjectPath => Repository.Project("Frontend");
}

internal sealed class RouterProject : IProjectMetadata
{
    public string ProjectPath => Repository.Project("Router");
}

internal sealed class ProvisionerProject : IProjectMetadata
{
    public string ProjectPath => Repository.Project("Provisioner");
}
