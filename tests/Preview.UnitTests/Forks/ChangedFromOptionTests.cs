using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests.Forks;

/// <summary>
/// <c>--changed-from</c> as every client reads it: the changed files on success, else the one line the AppHost, the host
/// and the <c>preview</c> CLI all print.
/// </summary>
public sealed class ChangedFromOptionTests(ForkRepository repository) : IClassFixture<ForkRepository>
{
    [Fact]
    public void A_known_ref_gives_the_files_changed_since_it_and_the_ref()
    {
        Assert.True(ChangedFromOption.TryRead("main", repository.Root, out var changed, out var error));

        Assert.Null(error);
        Assert.Equal("main", changed.From);
        Assert.Empty(changed.Files);
    }

    [Fact]
    public void An_unknown_ref_is_one_line_naming_the_option_and_saying_to_fetch_it()
    {
        Assert.False(ChangedFromOption.TryRead("nope", repository.Root, out var changed, out var error));

        Assert.Null(changed);
        Assert.Equal($"--changed-from: 'nope' is not a commit in {repository.Root}: fetch it (git fetch origin nope) or name another ref.", error);
    }

    [Fact]
    public void A_folder_outside_any_repository_is_one_line_naming_the_option_and_saying_what_to_do()
    {
        var folder = Directory.CreateTempSubdirectory("preview-no-repo-").FullName;
        try
        {
            Assert.False(ChangedFromOption.TryRead("main", folder, out var changed, out var error));

            Assert.Null(changed);
            Assert.Equal(
                $"--changed-from: '{folder}' is not inside a git repository: run from a clone of the repository, or name the services to fork with --fork.",
                error);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
