using System.Diagnostics;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests.Forks;

/// <summary>
/// A throwaway git repository laid out like the real one, with the layout committed on <c>main</c>. A test makes its
/// change on a branch of its own, commits it and reads the diff against main. git runs without the machine's global
/// or system configuration.
/// </summary>
public sealed class ForkRepository : IDisposable
{
    public ForkRepository()
    {
        Root = Directory.CreateTempSubdirectory("preview-forks-").FullName;
        Write("src/Api/Api.csproj", Project("../Orders.Data/Orders.Data.csproj", "..\\ServiceDefaults\\ServiceDefaults.csproj"));
        Write("src/Api/Program.cs", "// api");
        Write("src/Worker/Worker.csproj", Project("..\\Orders.Data\\Orders.Data.csproj", "../ServiceDefaults/ServiceDefaults.csproj"));
        Write("src/Worker/Program.cs", "// worker");
        Write("src/Frontend/Frontend.csproj", Project("..\\ServiceDefaults\\ServiceDefaults.csproj"));
        Write("src/Frontend/Pages/Index.razor", "<h1>orders</h1>");
        Write("src/Frontend/Legacy/Banner.cs", "// banner");
        Write("src/Orders.Data/Orders.Data.csproj", Project());
        Write("src/Orders.Data/Database/OrderRepository.cs", "// orders");
        Write("src/ServiceDefaults/ServiceDefaults.csproj", Project());
        Write("src/ServiceDefaults/Extensions.cs", "// defaults");
        Write("src/AppHost/AppHost.csproj", Project("../Api/Api.csproj", "../Worker/Worker.csproj", "../Frontend/Frontend.csproj"));
        Write("src/AppHost/Program.cs", "// the model");
        Write("tests/X.Tests/X.Tests.csproj", Project("../../src/Api/Api.csproj"));
        Write("tests/X.Tests/ApiTests.cs", "// tests");
        Write("Directory.Build.props", "<Project />");
        Write("Directory.Packages.props", "<Project />");
        Write("global.json", "{}");
        Write("README.md", "# sample");
        Write("docs/x.md", "docs");
        Git("init", "-q", "-b", "main");
        Commit("main");
    }

    /// <summary>The working tree's absolute path.</summary>
    public string Root { get; }

    /// <summary>The sample application's services, built from this repository.</summary>
    internal IReadOnlyList<PreviewServiceInfo> Services => SampleServices.Under(Root);

    /// <summary>Makes <paramref name="change"/> on a new branch from main, commits it and returns the files changed since main.</summary>
    public IReadOnlyList<string> Change(string branch, Action<ForkRepository> change)
    {
        Git("checkout", "-q", "-B", branch, "main");
        change(this);
        Commit(branch);
        return GitChangedFiles.Read(Root, "main");
    }

    /// <summary>What a PR with <paramref name="change"/> forks.</summary>
    public ForkPlan Plan(string branch, Action<ForkRepository> change) =>
        ForkPlanner.FromChangedFiles(Services, Root, Change(branch, change));

    public void Write(string path, string content)
    {
        var file = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    /// <summary>Deletes a file as <c>git rm</c> does, removing the folders it leaves empty.</summary>
    public void Delete(string path) => Git("rm", "-q", path);

    /// <summary>Moves a file as <c>git mv</c> does.</summary>
    public void Move(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Root, to))!);
        Git("mv", from, to);
    }

    public void Commit(string message)
    {
        Git("add", "-A");
        Git("-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", message);
    }

    public string Git(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git", ["-C", Root, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        startInfo.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var git = Process.Start(startInfo)!;
        var error = git.StandardError.ReadToEndAsync();
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error.Result}");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string Project(params string[] references) =>
        $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <ItemGroup>
        {string.Concat(references.Select(r => $"    <ProjectReference Include=\"{r}\" />\n"))}  </ItemGroup>
        </Project>
        """;
}
