using System.Diagnostics;
using PreviewAspire.Hosting;

namespace PreviewAspire.UnitTests;

public class PreviewMemoryTests
{
    [Fact]
    public void Counts_the_memory_of_processes_that_carry_a_prs_id()
    {
        const int pullRequest = 987654321;
        var startInfo = new ProcessStartInfo("sleep", "30") { UseShellExecute = false };
        startInfo.Environment["Preview__PullRequest"] = pullRequest.ToString();
        using var process = Process.Start(startInfo)!;
        try
        {
            var measured = PreviewMemory.Measure();

            Assert.InRange(measured[pullRequest], 1, 64L * 1024 * 1024);
            Assert.False(measured.ContainsKey(pullRequest + 1));
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
    }
}
