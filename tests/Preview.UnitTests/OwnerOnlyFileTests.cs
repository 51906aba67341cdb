using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests;

public sealed class OwnerOnlyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("preview-owner-only-").FullName;

    [Fact]
    public void A_new_directory_and_file_are_owner_only_and_no_temporary_file_is_left()
    {
        var path = Path.Combine(_directory, "secrets", "pr7.json");
        OwnerOnlyFile.WriteText(path, "{}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["pr7.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_planted_link_is_replaced_not_followed()
    {
        var victim = Path.Combine(_directory, "victim.txt");
        File.WriteAllText(victim, "untouched");
        var path = Path.Combine(_directory, "pr7.json");
        File.CreateSymbolicLink(path, victim);
        // The old fixed temporary name is a link too: a writer that followed it would overwrite the victim.
        File.CreateSymbolicLink(path + ".tmp", victim);

        OwnerOnlyFile.WriteText(path, "secret");

        Assert.Equal("untouched", File.ReadAllText(victim));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal("secret", File.ReadAllText(path));
    }

    [Fact]
    public void Concurrent_writers_do_not_share_a_temporary_file()
    {
        var path = Path.Combine(_directory, "routes.json");
        Parallel.For(0, 32, i => OwnerOnlyFile.WriteText(path, new string('x', 1000 + i)));
        Assert.InRange(File.ReadAllText(path).Length, 1000, 1031);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
