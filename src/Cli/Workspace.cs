using PreviewAspire.Provisioning;

namespace PreviewAspire.Cli;

/// <summary>The repository (for the AppHost project) and the state directory the CLI works on.</summary>
internal sealed record Workspace(string RepositoryRoot, PreviewStateDirectory State)
{
    public string AppHostProject => Path.Combine(RepositoryRoot, "src", "AppHost");

    /// <summary>The generated credentials kept in the state directory.</summary>
    public PreviewSecretStore Secrets => new(State.SecretsDirectory);

    /// <summary>The repository is found above the current directory; the state directory defaults to its <c>.preview/</c>, as for the AppHost.</summary>
    public static Workspace Locate(string? stateDirectory)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PreviewAspire.sln")))
            {
                return new Workspace(dir.FullName, PreviewStateDirectory.Resolve(stateDirectory, dir.FullName));
            }
        }

        throw new CliException("Not inside a PreviewAspire repository (no PreviewAspire.sln above the current directory); run preview from the repository.");
    }

    /// <summary>A connection to the host running on the state directory; null when none runs.</summary>
    public async Task<HostConnection?> ConnectAsync(CancellationToken cancellationToken) =>
        State.HostRunning ? await HostConnection.TryConnectAsync(State, cancellationToken).ConfigureAwait(false) : null;
}
