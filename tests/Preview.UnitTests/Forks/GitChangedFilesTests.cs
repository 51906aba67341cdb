using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests.Forks;

public sealed class GitChangedFilesTests(ForkRepository repository) : IClassFixture<ForkRepository>
{
    [Fact]
    public void A_rename_is_read_as_the_file_it_left_and_the_file_it_became()
    {
        var changed = repository.Change("renamed", r => r.Move("src/Frontend/Legacy/Banner.cs", "src/Frontend/Shared/Banner.cs"));

        Assert.Equal(["src/Frontend/Legacy/Banner.cs", "src/Frontend/Shared/Banner.cs"], changed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_deleted_file_is_read()
    {
        var changed = repository.Change("deleted", r => r.Delete("src/Api/Program.cs"));

        Assert.Equal(["src/Api/Program.cs"], changed);
    }

    [Fact]
    public void Paths_are_relative_to_the_repository_root_from_any_folder_in_it()
    {
        repository.Change("subfolder", r => r.Write("src/Worker/Program.cs", "// worker, faster"));

        var folder = Path.Combine(repository.Root, "src", "Frontend");
        Assert.Equal(["src/Worker/Program.cs"], GitChangedFiles.Read(folder, "main"));
        Assert.Equal(repository.Root, GitChangedFiles.RepositoryRoot(folder));
    }

    [Fact]
    public void Only_what_head_changed_since_it_branched_counts_not_what_the_ref_did_since()
    {
        repository.Git("branch", "-f", "moving-main", "main");
        repository.Change("since-branch", r => r.Write("src/Worker/Program.cs", "// worker, mine"));
        repository.Git("checkout", "-q", "moving-main");
        repository.Write("docs/later.md", "main moved on");
        repository.Commit("main moves on");
        repository.Git("checkout", "-q", "since-branch");

        Assert.Equal(["src/Worker/Program.cs"], GitChangedFiles.Read(repository.Root, "moving-main"));
    }

    [Fact]
    public void An_unknown_ref_says_to_fetch_it_or_name_another()
    {
        var error = Assert.Throws<ChangedFilesException>(() => GitChangedFiles.Read(repository.Root, "nope"));

        Assert.Equal($"'nope' is not a commit in {repository.Root}: fetch it (git fetch origin nope) or name another ref.", error.Message);
    }

    [Fact]
    public void A_ref_with_no_common_history_says_there_is_no_merge_base()
    {
        repository.Git("checkout", "-q", "--orphan", "unrelated");
        repository.Commit("unrelated history");
        try
        {
            var error = Assert.Throws<ChangedFilesException>(() => GitChangedFiles.Read(repository.Root, "main"));
            Assert.Contains("no merge base", error.Message);
        }
        finally
        {
            repository.Git("checkout", "-q", "-f", "main");
        }
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("--output=/tmp/pwned")]
    public void A_ref_beginning_with_a_dash_is_refused(string gitRef)
    {
        var error = Assert.Throws<ChangedFilesException>(() => GitChangedFiles.Read(repository.Root, gitRef));

        Assert.Equal($"'{gitRef}' is not a git ref (a ref cannot begin with '-'): name a branch, tag or commit, such as origin/main.", error.Message);
    }

    [Fact]
    public void A_folder_outside_any_repository_says_so()
    {
        var folder = Directory.CreateTempSubdirectory("preview-no-repo-").FullName;
        try
        {
            var error = Assert.Throws<ChangedFilesException>(() => GitChangedFiles.Read(folder, "main"));
            Assert.Equal($"'{folder}' is not inside a git repository: run from a clone of the repository, or name the services to fork with --fork.", error.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
