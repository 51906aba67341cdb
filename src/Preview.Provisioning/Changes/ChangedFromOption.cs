using System.Diagnostics.CodeAnalysis;

namespace PreviewAspire.Provisioning;

/// <summary>
/// The one way <c>--changed-from &lt;ref&gt;</c> becomes the <see cref="ChangedFiles"/> sent to the host, for every client
/// that reads it (a later AppHost run, the host for its own PRs, the <c>preview</c> CLI): git runs in the given checkout,
/// and a failure becomes one line for the user, the same wherever the option was given.
/// </summary>
public static class ChangedFromOption
{
    private const string Name = "--changed-from";

    /// <summary>
    /// Reads the files HEAD changed since it forked from <paramref name="gitRef"/>, in the repository that holds
    /// <paramref name="workingDirectory"/>.
    /// </summary>
    /// <returns>True with <paramref name="changed"/> set; false with <paramref name="error"/> set to one line saying what is wrong and what to do.</returns>
    public static bool TryRead(
        string gitRef, string workingDirectory, [NotNullWhen(true)] out ChangedFiles? changed, [NotNullWhen(false)] out string? error)
    {
        try
        {
            changed = new ChangedFiles(gitRef, GitChangedFiles.Read(workingDirectory, gitRef));
            error = null;
            return true;
        }
        catch (ChangedFilesException ex)
        {
            changed = null;
            error = $"{Name}: {ex.Message}";
            return false;
        }
    }
}
