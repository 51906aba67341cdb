namespace PreviewAspire.Kubernetes.Output;

/// <summary>
/// Writes an output directory all at once: files go to a hidden sibling directory first (same depth, so relative paths
/// inside them stay right) and replace the target only on <see cref="Commit"/>. Disposing without committing removes the
/// staging directory, so a failure leaves the previous output untouched and nothing half-written.
/// </summary>
public sealed class StagedDirectory : IDisposable
{
    private bool _committed;

    private StagedDirectory(string target, string staging)
    {
        Target = target;
        StagingPath = staging;
    }

    /// <summary>The directory that holds the output once committed.</summary>
    public string Target { get; }

    /// <summary>The directory files are written to until <see cref="Commit"/>.</summary>
    public string StagingPath { get; }

    /// <summary>Creates the staging directory beside <paramref name="target"/>; throws <see cref="ManifestInputException"/> when that location is not writable.</summary>
    public static StagedDirectory Begin(string target)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            throw new ManifestInputException("An output directory is required.");
        }

        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(full))
        {
            throw new ManifestInputException($"Cannot write manifests to '{target}': it is a file; expected a directory.");
        }

        var parent = Path.GetDirectoryName(full) ?? throw new ManifestInputException($"Cannot write manifests to '{target}': it has no parent directory.");
        var staging = Path.Combine(parent, $".{Path.GetFileName(full)}.partial-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(parent);
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            Directory.CreateDirectory(staging);
            var probe = Path.Combine(staging, ".write-probe");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ManifestInputException($"Cannot write manifests to '{target}': {ex.Message}");
        }

        return new StagedDirectory(full, staging);
    }

    /// <summary>Writes <paramref name="files"/> under the staging directory, UTF-8 without BOM.</summary>
    public void Write(IEnumerable<GeneratedFile> files, string subdirectory = "")
    {
        foreach (var file in files)
        {
            var path = Path.Combine(StagingPath, subdirectory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }

    /// <summary>Replaces the target with the staged output.</summary>
    public void Commit()
    {
        var previous = StagingPath.Replace(".partial-", ".previous-", StringComparison.Ordinal);
        if (Directory.Exists(Target))
        {
            Directory.Move(Target, previous);
        }

        Directory.Move(StagingPath, Target);
        if (Directory.Exists(previous))
        {
            Directory.Delete(previous, recursive: true);
        }

        _committed = true;
    }

    /// <summary>Removes the staging directory unless committed.</summary>
    public void Dispose()
    {
        if (!_committed && Directory.Exists(StagingPath))
        {
            Directory.Delete(StagingPath, recursive: true);
        }
    }
}
