using System.Security.Cryptography;
using System.Text;
using PreviewAspire.Hosting.Engines.Redis;

namespace PreviewAspire.UnitTests;

/// <summary>The local Redis server's ACL file, as written before each start.</summary>
public sealed class RedisAclFileTests : IDisposable
{
    private const string PrUser = "user preview_pr7 on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~pr7:* resetchannels &pr7:* -@all +@read";
    private readonly string _directory = Directory.CreateTempSubdirectory("preview-redis-acl-").FullName;

    [Fact]
    public void A_first_start_gets_the_administrator_as_the_default_user_with_the_password_hashed()
    {
        var content = RedisAclFile.Compose(existing: null, "s3cret");

        Assert.Equal($"user default on #{Sha256("s3cret")} ~* &* +@all\n", content);
        Assert.DoesNotContain("s3cret", content);
    }

    [Fact]
    public void A_restart_keeps_the_saved_pr_users_and_rewrites_the_default_user_with_the_current_password()
    {
        // As ACL SAVE leaves it: the default user first, then the PR users.
        var saved = $"user default on #{Sha256("old")} ~* &* +@all\n{PrUser}\nuser preview_pr8 on nopass ~pr8:* -@all\n";

        var content = RedisAclFile.Compose(saved, "new");

        Assert.Equal([$"user default on #{Sha256("new")} ~* &* +@all", PrUser, "user preview_pr8 on nopass ~pr8:* -@all"], content.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Lines_redis_would_refuse_to_load_are_dropped()
    {
        var content = RedisAclFile.Compose($"# a comment\n\n   \nnot a user\n{PrUser}\r\n", "pw");

        Assert.Equal([$"user default on #{Sha256("pw")} ~* &* +@all", PrUser], content.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void The_file_is_owner_only_and_written_again_on_every_start()
    {
        var path = Path.Combine(_directory, "redis", "users.acl");
        RedisAclFile.WriteBeforeStart(path, "first");
        File.AppendAllText(path, PrUser + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);

        RedisAclFile.WriteBeforeStart(path, "second");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal([$"user default on #{Sha256("second")} ~* &* +@all", PrUser], File.ReadAllText(path).TrimEnd('\n').Split('\n'));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
