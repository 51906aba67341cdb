namespace PreviewAspire.Hosting;

/// <summary>How paths are compared on this machine's file system, and whether one lies under another.</summary>
internal static class RepositoryPaths
{
    /// <summary>Ordinal on Linux, ignoring case where the usual file systems do (Windows, macOS).</summary>
    public static StringComparer Comparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or lies anywhere below it.</summary>
    public static bool IsUnder(string path, string directory)
    {
        var comparison = Comparer == StringComparer.Ordinal ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var root = Path.TrimEndingDirectorySeparator(directory);
        return path.Equals(root, comparison) ||
            path.StartsWith(root + Path.DirectorySeparatorChar, comparison) ||
            path.StartsWith(root + Path.AltDirectorySeparatorChar, comparison);
    }

    /// <summary>The absolute path of <paramref name="relative"/> (separated by '/') under <paramref name="root"/>.</summary>
    public static string Combine(string root, string relative) => Path.GetFullPath(relative, root);
}
