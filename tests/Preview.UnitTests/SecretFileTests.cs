using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests;

public sealed class SecretFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("preview-secret-file-").FullName;

    [Fact]
    public void An_owner_only_file_is_read_and_a_missing_one_is_null()
    {
        var path = Path.Combine(_directory, "pr7.json");
        Assert.Null(SecretFile.TryReadAllText(path));
        OwnerOnlyFile.WriteText(path, "{}");
        Assert.Equal("{}", SecretFile.TryReadAllText(path));
    }

    [Fact]
    public void A_file_others_can_read_is_refused_with_what_to_do()
    {
        var path = Path.Combine(_directory, "pr7.json");
        File.WriteAllText(path, "{}");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        var error = Assert.Throws<ProvisioningException>(() => SecretFile.TryReadAllText(path));
        Assert.Contains("0644", error.Message);
        Assert.Contains("chmod 600", error.Message);
        Assert.Throws<ProvisioningException>(() => new PreviewSecretStore(_directory).GetOrCreate("pr7", "postgres"));
    }

    [Fact]
    public void A_link_is_refused_even_to_an_owner_only_file()
    {
        var target = Path.Combine(_directory, "elsewhere.json");
        OwnerOnlyFile.WriteText(target, "{}");
        var path = Path.Combine(_directory, "pr7.json");
        File.CreateSymbolicLink(path, target);
        var error = Assert.Throws<ProvisioningException>(() => SecretFile.TryReadAllText(path));
        Assert.Contains("symbolic link", error.Message);
    }

    [Fact]
    public void A_file_of_another_user_is_refused()
    {
        if (Environment.UserName != "root")
        {
            return; // Changing a file's owner needs root; the CI machine runs as root.
        }

        var path = Path.Combine(_directory, "pr7.json");
        OwnerOnlyFile.WriteText(path, "{}");
        using (var chown = System.Diagnostics.Process.Start("chown", ["nobody", path]))
        {
            chown.WaitForExit();
        }

        var error = Assert.Throws<ProvisioningException>(() => SecretFile.TryReadAllText(path));
        Assert.Contains("belongs to uid", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
