namespace PreviewAspire.Hosting.Engines;

/// <summary>
/// Starts a server with the file-creation mask 077, so every file it writes itself (Redis's snapshot, the ACL file it
/// rewrites on <c>ACL SAVE</c>) is owner-only from its first byte. <c>/bin/sh</c> sets the mask and replaces itself
/// with the server, so the process the orchestrator watches and signals is the server's.
/// </summary>
public static class OwnerOnlyUmask
{
    /// <summary>The command and argument prefix that start <paramref name="program"/> with umask 077.</summary>
    public static (string Command, List<string> Args) Wrap(string program) =>
        OperatingSystem.IsWindows()
            ? (program, [])
            : ("/bin/sh", ["-c", "umask 077 && exec \"$0\" \"$@\"", program]);
}
