using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting.Engines.Postgres;

/// <summary>Creates a Postgres cluster's data directory once, atomically, with a superuser password and host-only auth.</summary>
internal static class PostgresCluster
{
    private const string ServiceUser = "postgres";

    public static async Task EnsureInitializedAsync(string dataRoot, string dataDirectory, string password, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        var initdb = ServerBinary.Find("initdb", "postgresql");
        OwnerOnlyDirectory.Ensure(dataRoot);

        // initdb writes into a scratch directory that is renamed into place, so an interrupted run leaves no half cluster.
        var scratch = Path.Combine(dataRoot, "data.initializing");
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }

        var passwordFile = Path.Combine(dataRoot, ".initdb-password");
        OwnerOnlyFile.WriteText(passwordFile, password);
        try
        {
            await ProcessUser.ChownAsync(dataRoot, ServiceUser, cancellationToken).ConfigureAwait(false);
            var (command, args) = ProcessUser.Wrap(initdb, ServiceUser);
            args.AddRange(["-D", scratch, "-U", Aspire.Hosting.ApplicationModel.PostgresProcessResource.AdminUser, "--pwfile", passwordFile,
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"]);
            await ExternalCommand.RunAsync(command, args, cancellationToken).ConfigureAwait(false);
            Directory.Move(scratch, dataDirectory);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>The postgres user must reach the data directory; a root-only ancestor (such as /root) blocks it.</summary>
    public static void EnsureTraversable(string dataRoot)
    {
        if (!ProcessUser.IsRoot || OperatingSystem.IsWindows())
        {
            return;
        }

        for (var dir = Directory.GetParent(dataRoot); dir is not null; dir = dir.Parent)
        {
            if ((File.GetUnixFileMode(dir.FullName) & UnixFileMode.OtherExecute) == 0)
            {
                throw new PreviewPrerequisiteException(
                    $"Postgres runs as the 'postgres' user, which cannot enter {dir.FullName}. " +
                    "Put the state directory somewhere it can reach, for example --state-dir /var/tmp/preview-aspire, or run as a normal user.");
            }
        }
    }
}
