using System.Globalization;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// The local state directory (default <c>.preview/</c> at the repository root): engine data, generated credentials
/// and the lock that keeps two AppHosts from driving the same engines at once.
/// </summary>
public sealed class PreviewStateDirectory
{
    private PreviewStateDirectory(string root) => Root = root;

    /// <summary>The absolute path of the state directory.</summary>
    public string Root { get; }

    /// <summary>The directory of one engine's data, for example <c>.preview/postgres</c>.</summary>
    public string EngineDirectory(string engine) => Path.Combine(Root, engine);

    /// <summary>Where generated credentials are kept, readable by the owner only.</summary>
    public string SecretsDirectory => PreviewSecretStore.DirectoryIn(Root);

    /// <summary>Resolves the directory: an explicit path, else <c>.preview/</c> under the repository root found above <paramref name="startDirectory"/>.</summary>
    public static PreviewStateDirectory Resolve(string? configured, string startDirectory)
    {
        var root = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(FindRepositoryRoot(startDirectory), ".preview")
            : Path.GetFullPath(configured);
        return new PreviewStateDirectory(root);
    }

    /// <summary>Creates the directory if needed.</summary>
    public PreviewStateDirectory EnsureCreated()
    {
        Directory.CreateDirectory(Root);
        OwnerOnlyDirectory.EnsureRestricted(SecretsDirectory);

        return this;
    }

    /// <summary>
    /// Takes the state directory's exclusive lock for the life of the process. A second AppHost on the same directory
    /// fails at once with a message saying which process holds it.
    /// </summary>
    public IDisposable AcquireLock() =>
        TryAcquireLock() ?? throw new PreviewPrerequisiteException(
            $"Another PreviewAspire AppHost{(HolderPid is { } pid ? $" (pid {pid})" : string.Empty)} is already running on the state directory {Root}. " +
            "Stop it first (Ctrl+C), or run this one on its own engines with --state-dir <other path>.");

    /// <summary>Takes the exclusive lock if no other process holds it; null when one does (see <see cref="HolderPid"/>).</summary>
    public IDisposable? TryAcquireLock()
    {
        try
        {
            // FileShare.None takes an exclusive flock on Unix, released by the kernel if the process dies.
            var stream = new FileStream(Path.Combine(Root, "apphost.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(PidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return stream;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The process id of the AppHost that holds (or last held) the lock, when known.</summary>
    public int? HolderPid =>
        File.Exists(PidPath) && int.TryParse(File.ReadAllText(PidPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    private string PidPath => Path.Combine(Root, "apphost.pid");

    private static string FindRepositoryRoot(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PreviewAspire.sln")) || Directory.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return startDirectory;
    }
}
