using System.Xml;
using System.Xml.Linq;

namespace PreviewAspire.Hosting;

/// <summary>Reads the <c>&lt;ProjectReference Include="..."&gt;</c> items of a project file, as absolute paths.</summary>
internal static class ProjectReferences
{
    /// <summary>
    /// The projects <paramref name="projectPath"/> references directly. Includes are relative to the project's folder and
    /// may use backslashes; <c>$(MSBuildThisFileDirectory)</c> and <c>$(MSBuildProjectDirectory)</c> are understood, other
    /// properties and wildcards are passed over. A project file that does not exist references nothing.
    /// </summary>
    public static IReadOnlyList<string> Of(string projectPath)
    {
        if (!File.Exists(projectPath))
        {
            return [];
        }

        XDocument project;
        try
        {
            project = XDocument.Load(projectPath);
        }
        catch (XmlException e)
        {
            throw new InvalidOperationException($"{projectPath} is not a readable project file ({e.Message}): fix it before deciding what to fork from the diff.", e);
        }

        var directory = Path.GetDirectoryName(projectPath)!;
        return project.Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .SelectMany(include => (include ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(include => Resolve(directory, include))
            .OfType<string>()
            .ToArray();
    }

    private static string? Resolve(string directory, string include)
    {
        var expanded = include
            .Replace("$(MSBuildThisFileDirectory)", directory + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase)
            .Replace("$(MSBuildProjectDirectory)", directory, StringComparison.OrdinalIgnoreCase)
            .Replace('\\', '/');
        return expanded.Contains("$(", StringComparison.Ordinal) || expanded.Contains('*')
            ? null
            : Path.GetFullPath(expanded, directory);
    }
}
