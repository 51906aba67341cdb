using PreviewAspire.Hosting;

namespace PreviewAspire.UnitTests;

public sealed class PreviewStateDirectoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("preview-state-").FullName;

    [Fact]
    public void A_second_holder_of_the_lock_fails_at_once_with_a_clear_message()
    {
        var state = PreviewStateDirectory.Resolve(_directory, "/").EnsureCreated();
        using (state.AcquireLock())
        {
            var error = Assert.Throws<PreviewPrerequisiteException>(() => state.AcquireLock());
            Assert.Contains("already running", error.Message);
            Assert.Contains("--state-dir", error.Message);
        }

        using (state.AcquireLock())
        {
        }
    }

    [Fact]
    public void Defaults_to_dot_preview_at_the_repository_root()
    {
        var repository = Directory.CreateDirectory(Path.Combine(_directory, "repo"));
        File.WriteAllText(Path.Combine(repository.FullName, "PreviewAspire.sln"), string.Empty);
        var nested = Directory.CreateDirectory(Path.Combine(repository.FullName, "src", "AppHost"));
        Assert.Equal(Path.Combine(repository.FullName, ".preview"), PreviewStateDirectory.Resolve(null, nested.FullName).Root);
    }

    [Fact]
    public void Missing_server_binaries_name_the_apt_package()
    {
        var error = Assert.Throws<PreviewPrerequisiteException>(() => PreviewAspire.Hosting.Engines.ServerBinary.Find("no-such-server-binary", "some-package"));
        Assert.Contains("apt-get install -y some-package", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
