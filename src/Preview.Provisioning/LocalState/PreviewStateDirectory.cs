using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PreviewAspire.Provisioning;

/// <summary>
/// The local state directory (default <c>.preview/</c> at the repository root): engine data, generated credentials,
/// the lock that makes the first AppHost on it the host, and the host's control socket. The AppHost and the
/// <c>preview</c> CLI find it the same way, through this type.
/// </summary>
public sealed class PreviewStateDirectory
{
    // sun_path holds 108 bytes on Linux; longer socket paths cannot be bound.
    private const int MaxSocketPathBytes = 100;

    private PreviewStateDirectory(string root) => Root = root;

    /// <summary>The absolute path of the state directory.</summary>
    public string Root { get; }

    /// <summary>The directory of one engine's data, for example <c>.preview/postgres</c>.</summary>
    public string EngineDirectory(string engine) => Path.Combine(Root, engine);

    /// <summary>Where generated credentials are kept, readable by the owner only.</summary>
    public string SecretsDirectory => PreviewSecretStore.DirectoryIn(Root);

    /// <summary>
    /// The host's control socket: <c>&lt;state&gt;/control/host.sock</c> in an owner-only directory, or — when that path is
    /// too long for a Unix socket — a socket named after the state directory in an owner-only directory under the
    /// temporary directory.
    /// </summary>
    public string ControlSocket
    {
        get
        {
            var inState = Path.Combine(Root, "control", "host.sock");
            if (Encoding.UTF8.GetByteCount(inState) <= MaxSocketPathBytes)
            {
                return inState;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Root)))[..16];
            return Path.Combine(Path.GetTempPath(), $"preview-aspire-{Environment.UserName}", hash + ".sock");
        }
    }

    /// <summary>Resolves the directory: an explicit path, else <c>.preview/</c> under the repository root found above <paramref name="startDirectory"/>.</summary>
    public static PreviewStateDirectory Resolve(string? configured, string startDirectory)
    {
        var root = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(FindRepositoryRoot(startDirectory), ".preview")
            : Path.GetFullPath(configured);
        return new PreviewStateDirectory(root);
    }

    /// <summary>Creates the directory, its owner-only secrets directory and the control socket's owner-only directory.</summary>
    public PreviewStateDirectory EnsureCreated()
    {
        Directory.CreateDirectory(Root);
        OwnerOnlyDirectory.EnsureRestricted(SecretsDirectory);
        OwnerOnlyDirectory.EnsureRestricted(Path.GetDirectoryName(ControlSocket)!);
        return this;
    }

    /// <summary>
    /// Takes the state directory's exclusive lock for the life of the process if no other process holds it: the holder
    /// is the host. Null when another process holds it (see <see cref="HolderPid"/>).
    /// </summary>
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

    /// <summary>True while a host holds the state directory's lock.</summary>
    public bool HostRunning
    {
        get
        {
            if (!File.Exists(Path.Combine(Root, "apphost.lock")))
            {
                return false;
            }

            using var probe = TryAcquireLockWithoutRecording();
            return probe is null;
        }
    }

    /// <summary>The process id of the AppHost that holds (or last held) the lock, when known.</summary>
    public int? HolderPid =>
        File.Exists(PidPath) && int.TryParse(File.ReadAllText(PidPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    private string PidPath => Path.Combine(Root, "apphost.pid");

    private FileStream? TryAcquireLockWithoutRecording()
    {
        try
        {
            return new FileStream(Path.Combine(Root, "apphost.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

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
