using System.Reflection;
using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// Starts a project's already-built executable instead of <c>dotnet run</c>. Every preview service would otherwise
/// carry a resident <c>dotnet run</c> host (~100 MB) and a project evaluation at each start.
/// </summary>
internal static class BuiltProjectLaunch
{
    /// <summary>The AppHost's own build configuration; the referenced projects are built with it.</summary>
    private static readonly string Configuration =
        Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Points the project resource at its built executable when one exists; otherwise Aspire's default launch stays.</summary>
    public static void Apply(ProjectResource project, string projectPath)
    {
        var projectDirectory = projectPath.EndsWith("proj", StringComparison.Ordinal) ? Path.GetDirectoryName(projectPath)! : projectPath;
        var name = projectPath.EndsWith("proj", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(projectPath) : Path.GetFileName(projectPath);
        var executable = Path.Combine(projectDirectory, "bin", Configuration, "net10.0", name);
        if (File.Exists(executable))
        {
            project.Annotations.Add(new ExecutableAnnotation { Command = executable, WorkingDirectory = projectDirectory });
        }
    }
}
