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

    /// <summary>
    /// The absolute path of <paramref name="path"/> with every symbolic link on it resolved, as git prints the repository
    /// root: so a project path reached through a linked folder and the same file under git's root compare equal. The part
    /// that does not exist (a deleted file) is kept as it is.
    /// </summary>
    public static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var resolved = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(resolved, parts[i]);
            FileSystemInfo entry = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!entry.Exists)
            {
                return Path.Combine([next, .. parts[(i + 1)..]]);
            }

            resolved = entry.LinkTarget is null ? next : entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
        }

        return resolved;
    }
}
