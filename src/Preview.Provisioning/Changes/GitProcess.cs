using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PreviewAspire.Provisioning;

/// <summary>What a git command printed and how it ended.</summary>
internal sealed record GitResult(int ExitCode, string Output, string Error)
{
    /// <summary>True when git exited with status 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first line git wrote to standard error, for a message.</summary>
    public string FirstErrorLine => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {ExitCode}";
}

/// <summary>Runs <c>git -C &lt;directory&gt; ...</c> with no shell, in the C locale so its messages can be told apart.</summary>
internal static class GitProcess
{
    /// <summary>Runs git with <paramref name="arguments"/> in <paramref name="directory"/> and waits for it.</summary>
    /// <exception cref="ChangedFilesException">git is not installed.</exception>
    public static GitResult Run(string directory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-C");
        startInfo.ArgumentList.Add(directory);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LC_ALL"] = "C";
        startInfo.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            using var git = Process.Start(startInfo) ?? throw new ChangedFilesException("git could not be started: check that git is installed and on PATH.");
            var error = git.StandardError.ReadToEndAsync();
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return new GitResult(git.ExitCode, output, error.GetAwaiter().GetResult());
        }
        catch (Win32Exception e)
        {
            throw new ChangedFilesException("git is not installed (or not on PATH): install git, or name the services to fork with --fork instead of --changed-from.", e);
        }
    }
}
