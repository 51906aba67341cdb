using PreviewAspire.Provisioning;

namespace PreviewAspire.Cli;

/// <summary>The repository (for the AppHost project) and the state directory the CLI works on.</summary>
internal sealed record Workspace(string RepositoryRoot, string StateDirectory)
{
    public string AppHostProject => Path.Combine(RepositoryRoot, "src", "AppHost");

    /// <summary>The generated credentials kept in the state directory.</summary>
    public PreviewSecretStore Secrets => new(PreviewSecretStore.DirectoryIn(StateDirectory));

    /// <summary>The repository is found above the current directory; the state directory defaults to its <c>.preview/</c>.</summary>
    public static Workspace Locate(string? stateDirectory)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PreviewAspire.sln")))
            {
                return new Workspace(dir.FullName, Path.GetFullPath(stateDirectory ?? Path.Combine(dir.FullName, ".preview")));
            }
        }

        throw new CliException("Not inside a PreviewAspire repository (no PreviewAspire.sln above the current directory); run preview from the repository.");
    }

    /// <summary>True while an AppHost holds the state directory's lock.</summary>
    public bool AppHostRunning
    {
        get
        {
            var lockFile = Path.Combine(StateDirectory, "apphost.lock");
            if (!File.Exists(lockFile))
            {
                return false;
            }

            try
            {
                using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                return false;
            }
            catch (IOException)
            {
                return true;
            }
        }
    }
}
