namespace PreviewAspire.IntegrationTests;

/// <summary>The <c>preview</c> tool as a user runs it: bad input and an empty state directory change nothing.</summary>
public sealed class CliCommandTests
{
    [Theory]
    [InlineData(2, "not a valid PR id", "down", "abc")]
    [InlineData(2, "start at 1", "down", "0")]
    [InlineData(2, "exactly one PR", "down")]
    [InlineData(2, "--older-than", "gc")]
    [InlineData(2, "not a duration", "gc", "--older-than", "soon")]
    [InlineData(2, "at least one PR", "up")]
    [InlineData(2, "Unknown command", "deploy")]
    [InlineData(0, "nothing has been previewed here", "down", "77")]
    [InlineData(0, "nothing has been previewed here", "list")]
    [InlineData(0, "nothing has been previewed here", "gc", "--older-than", "7d")]
    public async Task Answers_clearly_and_changes_nothing(int expectedExit, string expected, params string[] args)
    {
        var state = Path.Combine(Path.GetTempPath(), "preview-cli-" + Guid.NewGuid().ToString("N"));
        var (exit, output) = await PreviewCli.RunAsync([.. args, "--state-dir", state]);
        Assert.Equal(expectedExit, exit);
        Assert.Contains(expected, output);
        Assert.False(Directory.Exists(state));
    }
}
