using System.Security.Cryptography;
using System.Text;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting.Engines.Redis;

/// <summary>
/// The local Redis server's ACL file (<c>aclfile</c>), where the provisioner's <c>ACL SAVE</c> keeps the PRs' users so
/// that they survive a restart. With an ACL file Redis loads the default user from the file alone: <c>requirepass</c>
/// is overridden and a file without a default user leaves the server open to everyone. So before each start the
/// default user's line is written with the administrator's password (as a SHA-256 hash, never in clear), and the
/// users saved before are kept as they are.
/// </summary>
internal static class RedisAclFile
{
    private const string DefaultUser = "default";

    /// <summary>
    /// Writes <paramref name="path"/> owner-only: the default user with <paramref name="adminPassword"/> and every other
    /// user line of the file already there.
    /// </summary>
    public static void WriteBeforeStart(string path, string adminPassword)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : null;
        OwnerOnlyFile.WriteText(path, Compose(existing, adminPassword));
    }

    /// <summary>
    /// The file's content: the default user — on, <paramref name="adminPassword"/> only, every key, channel and command,
    /// as <c>requirepass</c> would make it — then the non-default <c>user</c> lines of <paramref name="existing"/>
    /// (anything else in it Redis would refuse to load, so it is dropped).
    /// </summary>
    public static string Compose(string? existing, string adminPassword)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(adminPassword)));
        var lines = new List<string> { $"user {DefaultUser} on #{hash} ~* &* +@all" };
        foreach (var line in (existing ?? string.Empty).Split('\n'))
        {
            var words = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (words is ["user", var name, ..] && name != DefaultUser)
            {
                lines.Add(line.Trim());
            }
        }

        return string.Join('\n', lines) + "\n";
    }
}
