using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests;

public sealed class PreviewStateDirectoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("preview-state-").FullName;

    [Fact]
    public void The_first_holder_of_the_lock_is_the_host_and_a_second_cannot_take_it()
    {
        var state = PreviewStateDirectory.Resolve(_directory, "/").EnsureCreated();
        Assert.False(state.HostRunning);
        using (var held = state.TryAcquireLock())
        {
            Assert.NotNull(held);
            Assert.True(state.HostRunning);
            Assert.Null(state.TryAcquireLock());
            Assert.Equal(Environment.ProcessId, state.HolderPid);
        }

        Assert.False(state.HostRunning);
        using var again = state.TryAcquireLock();
        Assert.NotNull(again);
    }

    [Fact]
    public void Secrets_and_the_control_socket_live_in_owner_only_directories()
    {
        var state = PreviewStateDirectory.Resolve(_directory, "/").EnsureCreated();
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(state.SecretsDirectory));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.GetDirectoryName(state.ControlSocket)!));
        Assert.StartsWith(state.Root, state.ControlSocket);
    }

    [Fact]
    public void A_state_directory_too_deep_for_a_unix_socket_gets_its_socket_in_an_owner_only_temporary_directory()
    {
        var deep = Path.Combine(_directory, new string('d', 60), new string('e', 60));
        var state = PreviewStateDirectory.Resolve(deep, "/").EnsureCreated();
        Assert.StartsWith(Path.GetTempPath(), state.ControlSocket);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(state.ControlSocket) <= 100);
        Assert.Equal(state.ControlSocket, PreviewStateDirectory.Resolve(deep, "/").ControlSocket);
        Assert.NotEqual(state.ControlSocket, PreviewStateDirectory.Resolve(deep + "x", "/").ControlSocket);
    }

    [Fact]
    public void Without_a_configured_path_the_directory_is_dot_preview_at_the_repository_root()
    {
        var repository = Directory.CreateDirectory(Path.Combine(_directory, "repo"));
        File.WriteAllText(Path.Combine(repository.FullName, "PreviewAspire.sln"), string.Empty);
        var nested = Directory.CreateDirectory(Path.Combine(repository.FullName, "src", "AppHost", "bin"));
        Assert.Equal(Path.Combine(repository.FullName, ".preview"), PreviewStateDirectory.Resolve(null, nested.FullName).Root);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
