using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests;

public sealed class PreviewSecretStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("preview-secrets-").FullName;

    [Fact]
    public void Generates_once_and_reuses_per_owner_and_key()
    {
        var store = new PreviewSecretStore(_directory);
        var first = store.GetOrCreate("pr7", "postgres");
        Assert.Equal(first, new PreviewSecretStore(_directory).GetOrCreate("pr7", "postgres"));
        Assert.NotEqual(first, store.GetOrCreate("pr7", "redis"));
        Assert.NotEqual(first, store.GetOrCreate("pr8", "postgres"));
        Assert.Equal(32, first.Length);
        Assert.Matches("^[A-Za-z0-9]+$", first);
    }

    [Fact]
    public void Secret_files_are_readable_by_the_owner_only()
    {
        new PreviewSecretStore(_directory).GetOrCreate("pr7", "postgres");
        var mode = File.GetUnixFileMode(Path.Combine(_directory, "pr7.json"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void Delete_forgets_an_owner_so_the_next_preview_gets_fresh_credentials()
    {
        var store = new PreviewSecretStore(_directory);
        var before = store.GetOrCreate("pr7", "postgres");
        store.Delete("pr7");
        store.Delete("pr7");
        Assert.NotEqual(before, store.GetOrCreate("pr7", "postgres"));
    }

    [Fact]
    public void Generated_passwords_do_not_repeat() =>
        Assert.Equal(500, Enumerable.Range(0, 500).Select(_ => PreviewSecretStore.Generate()).Distinct().Count());

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
