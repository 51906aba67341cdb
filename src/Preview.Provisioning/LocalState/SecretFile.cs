using System.Runtime.InteropServices;

namespace PreviewAspire.Provisioning;

/// <summary>
/// Reads files that hold secrets only when they are what this process wrote: a regular file, not a link, owned by
/// this user and readable by nobody else. Anything else may have been planted or exposed, and is refused.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OthersAndGroup =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The text of <paramref name="path"/>, or null when it does not exist.</summary>
    /// <exception cref="ProvisioningException">The file is a link, is not this user's, or others can read or write it.</exception>
    public static string? TryReadAllText(string path)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is not null)
        {
            throw Refused(path, "it is a symbolic link");
        }

        if (!file.Exists)
        {
            return null;
        }

        if (!OperatingSystem.IsWindows())
        {
            if ((file.UnixFileMode & OthersAndGroup) != 0)
            {
                throw Refused(path, $"its mode is {Convert.ToString((int)file.UnixFileMode, 8).PadLeft(4, '0')}, so other users can reach it",
                    $"if the file is yours and nobody else could have read it, run `chmod 600 {path}`; otherwise delete it (new credentials are generated)");
            }

            if (Owner(path) is { } owner && owner != EffectiveUserId())
            {
                throw Refused(path, $"it belongs to uid {owner}, not to this user (uid {EffectiveUserId()})");
            }
        }

        return File.ReadAllText(path);
    }

    private static ProvisioningException Refused(string path, string why, string? remedy = null)
    {
        return new($"Refusing to use the secrets in {path}: {why}. Secret files must be this user's own, mode 0600; {remedy ?? "delete it, and new credentials are generated"}.");
    }

    /// <summary>The owner uid from lstat, or null where the stat layout is not known (then only the mode is checked).</summary>
    private static uint? Owner(string path)
    {
        var offset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 28,
            Architecture.Arm64 => 24,
            _ => -1,
        };
        if (!OperatingSystem.IsLinux() || offset < 0)
        {
            return null;
        }

        var buffer = new byte[256];
        return NativeMethods.lstat(path, buffer) == 0 ? BitConverter.ToUInt32(buffer, offset) : null;
    }

    private static uint EffectiveUserId() => NativeMethods.geteuid();

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
#pragma warning disable CA2101, SYSLIB1054 // ANSI is UTF-8 on Unix; a blittable buffer needs no source-generated marshalling.
        public static extern int lstat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
#pragma warning restore CA2101, SYSLIB1054

        [DllImport("libc")]
        public static extern uint geteuid();
    }
}
