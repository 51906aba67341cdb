namespace PreviewAspire.Hosting.Engines;

/// <summary>Locates the server programs process mode runs, failing with the apt package to install.</summary>
public static class ServerBinary
{
    /// <summary>Directories searched before <c>PATH</c>: newest Postgres first, and RabbitMQ's own script ahead of Debian's wrapper, which would switch users.</summary>
    private static readonly string[] ExtraDirectories =
    [
        "/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin",
        "/usr/lib/rabbitmq/bin", "/usr/sbin", "/usr/bin",
    ];

    /// <summary>The full path of <paramref name="program"/>, or a <see cref="PreviewPrerequisiteException"/> naming <paramref name="aptPackage"/>.</summary>
    public static string Find(string program, string aptPackage)
    {
        var path = TryFind(program);
        return path ?? throw new PreviewPrerequisiteException(
            $"'{program}' was not found, so the local {aptPackage} engine cannot start. Install it with: sudo apt-get install -y {aptPackage} " +
            "(or run eng/run.sh, which installs prerequisites), or use --infrastructure container with a running Docker engine.");
    }

    /// <summary>The full path of <paramref name="program"/>, or null.</summary>
    public static string? TryFind(string program)
    {
        var pathDirectories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return ExtraDirectories.Concat(pathDirectories)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
    }
}
