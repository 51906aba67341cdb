namespace PreviewAspire.Provisioning;

/// <summary>
/// Writes files that hold data or secrets: created owner-only from the first byte, through a uniquely named temporary
/// file that is never a link (it must not exist yet), then renamed over the target, which replaces a link rather than
/// following it.
/// </summary>
public static class OwnerOnlyFile
{
    private const UnixFileMode ReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically, readable by the owner only.</summary>
    public static void Write(string path, Action<Stream> content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        OwnerOnlyDirectory.Ensure(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

        // CreateNew is O_CREAT|O_EXCL: it fails on anything already there, a planted link included.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ReadWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                content(stream);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically, readable by the owner only.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write(text);
        });
}
