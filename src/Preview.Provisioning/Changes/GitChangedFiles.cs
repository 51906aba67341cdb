namespace PreviewAspire.Provisioning;

/// <summary>
/// Reads what a branch changed, as <c>git diff --name-only &lt;ref&gt;...HEAD</c> prints it: the files changed on HEAD's side
/// since it forked from the ref. Renames count as a deletion and an addition, so both places are seen.
/// </summary>
public static class GitChangedFiles
{
    /// <summary>
    /// The files changed between the merge base of <paramref name="gitRef"/> and HEAD, relative to the repository root
    /// and '/'-separated, whatever folder of the repository <paramref name="workingDirectory"/> is.
    /// </summary>
    /// <exception cref="ChangedFilesException">
    /// git is not installed, the folder is not in a git repository, the ref is not a commit, or the ref and HEAD have no
    /// common history.
    /// </exception>
    public static IReadOnlyList<string> Read(string workingDirectory, string gitRef)
    {
        if (string.IsNullOrWhiteSpace(gitRef))
        {
            throw new ChangedFilesException("--changed-from needs a git ref to diff against, such as main or origin/main.");
        }

        if (gitRef.StartsWith('-'))
        {
            throw new ChangedFilesException($"'{gitRef}' is not a git ref (a ref cannot begin with '-'): name a branch, tag or commit, such as origin/main.");
        }

        var repository = RepositoryRoot(workingDirectory);
        if (!GitProcess.Run(repository, "rev-parse", "--verify", "--quiet", gitRef + "^{commit}").Succeeded)
        {
            throw new ChangedFilesException($"'{gitRef}' is not a commit in {repository}: fetch it (git fetch origin {gitRef}) or name another ref.");
        }

        if (!GitProcess.Run(repository, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").Succeeded)
        {
            throw new ChangedFilesException($"HEAD has no commit yet in {repository}: commit the change, then diff it against '{gitRef}'.");
        }

        var mergeBase = GitProcess.Run(repository, "merge-base", gitRef, "HEAD");
        if (!mergeBase.Succeeded)
        {
            throw new ChangedFilesException(
                $"'{gitRef}' and HEAD have no common history in {repository} (no merge base): fetch more history (git fetch --unshallow) or name the ref this branch was made from.");
        }

        var diff = GitProcess.Run(workingDirectory, "diff", "--name-only", "-z", "--no-renames", "--no-relative", "--no-ext-diff", $"{gitRef}...HEAD", "--");
        if (!diff.Succeeded)
        {
            throw new ChangedFilesException($"git diff {gitRef}...HEAD failed in {repository} ({diff.FirstErrorLine}): check the ref and the repository.");
        }

        return diff.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The absolute path of the working tree that holds <paramref name="workingDirectory"/> (<c>git rev-parse --show-toplevel</c>).</summary>
    /// <exception cref="ChangedFilesException">git is not installed, or the folder is not in a git repository.</exception>
    public static string RepositoryRoot(string workingDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
        if (!Directory.Exists(workingDirectory))
        {
            throw new ChangedFilesException($"'{workingDirectory}' does not exist: run from a clone of the repository, or name the services to fork with --fork.");
        }

        var toplevel = GitProcess.Run(workingDirectory, "rev-parse", "--show-toplevel");
        if (toplevel.Succeeded && toplevel.Output.TrimEnd('\n', '\r') is { Length: > 0 } root)
        {
            return Path.GetFullPath(root);
        }

        throw toplevel.Error.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
            ? new ChangedFilesException($"'{workingDirectory}' is not inside a git repository: run from a clone of the repository, or name the services to fork with --fork.")
            : new ChangedFilesException($"git cannot read the repository at '{workingDirectory}' ({toplevel.FirstErrorLine}): fix what git says, or name the services to fork with --fork.");
    }
}
