namespace PreviewAspire.Kubernetes.Tests;

/// <summary>A test that runs a command-line tool: skipped, naming how to install it, when the tool is not on PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresCommandFactAttribute : FactAttribute
{
    /// <summary>Skips unless <paramref name="command"/> is on PATH.</summary>
    public RequiresCommandFactAttribute(string command, string install)
    {
        if (Find(command) is null)
        {
            Skip = $"{command} is not installed ({install}).";
        }
    }

    /// <summary>The full path of <paramref name="command"/> on PATH, or null.</summary>
    public static string? Find(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
}
