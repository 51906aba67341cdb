namespace PreviewAspire.Hosting.Engines;

/// <summary>
/// Runs a server as an unprivileged system user when the AppHost runs as root (Postgres refuses root).
/// <c>setpriv</c> replaces itself with the server, so the orchestrator signals the server directly on shutdown.
/// </summary>
public static class ProcessUser
{
    /// <summary>True when this process runs as root.</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    /// <summary>The command and argument prefix that start <paramref name="program"/> as <paramref name="user"/> when root, else as is.</summary>
    public static (string Command, List<string> Args) Wrap(string program, string user)
    {
        if (!IsRoot)
        {
            return (program, []);
        }

        var setpriv = ServerBinary.Find("setpriv", "util-linux");
        return (setpriv, ["--reuid=" + user, "--regid=" + user, "--init-groups", "--", program]);
    }

    /// <summary>Gives <paramref name="path"/> to <paramref name="user"/> when root; a no-op otherwise.</summary>
    public static async Task ChownAsync(string path, string user, CancellationToken cancellationToken)
    {
        if (IsRoot)
        {
            await ExternalCommand.RunAsync("chown", ["-R", $"{user}:{user}", path], cancellationToken).ConfigureAwait(false);
        }
    }
}
