using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// Starts a project's already-built executable instead of <c>dotnet run</c>. Every preview service would otherwise
/// carry a resident <c>dotnet run</c> host (~100 MB) and a project evaluation at each start.
/// </summary>
internal static class BuiltProjectLaunch
{
    /// <summary>Points the project resource at its built executable when one exists; otherwise Aspire's default launch stays.</summary>
    /// <param name="project">The project resource.</param>
    /// <param name="metadata">The project's metadata type, generated into the AppHost: the AppHost's build configuration
    /// (not the entry assembly's, which is the test host under DistributedApplicationTestingBuilder) is the one its projects were built with.</param>
    public static void Apply(ProjectResource project, IProjectMetadata metadata)
    {
        if (ExecutableOf(metadata) is { } executable)
        {
            project.Annotations.Add(new ExecutableAnnotation { Command = executable, WorkingDirectory = ProjectDirectoryOf(metadata) });
        }
    }

    /// <summary>The project's built executable, or null when it has not been built.</summary>
    public static string? ExecutableOf(IProjectMetadata metadata)
    {
        var projectPath = metadata.ProjectPath;
        var configuration = metadata.GetType().Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var name = projectPath.EndsWith("proj", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(projectPath) : Path.GetFileName(projectPath);
        var executable = Path.Combine(ProjectDirectoryOf(metadata), "bin", configuration, "net10.0", name);
        return File.Exists(executable) ? executable : null;
    }

    /// <summary>The directory holding the project file.</summary>
    public static string ProjectDirectoryOf(IProjectMetadata metadata) =>
        metadata.ProjectPath.EndsWith("proj", StringComparison.Ordinal) ? Path.GetDirectoryName(metadata.ProjectPath)! : metadata.ProjectPath;
}
