namespace PreviewAspire.Provisioning;

/// <summary>Directories that hold data or secrets: created owner-only in the same call that creates them.</summary>
public static class OwnerOnlyDirectory
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates <paramref name="path"/> with mode 0700 when it is missing (its missing ancestors get the default mode, so
    /// other users such as <c>postgres</c> can still pass through them); an existing directory is left as it is.
    /// </summary>
    public static void Ensure(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, Mode);
        }
    }

    /// <summary>Creates <paramref name="path"/> owner-only, or makes an existing one owner-only.</summary>
    public static void EnsureRestricted(string path)
    {
        Ensure(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Mode);
        }
    }
}
