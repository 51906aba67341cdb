using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PreviewAspire.Hosting;

namespace PreviewAspire.UnitTests;

/// <summary>A publish that fails is a failed command: one line and a non-zero exit code, not a stack trace and 0.</summary>
public sealed class PublishFailureExitTests : IDisposable
{
    private readonly string _output = Path.Combine(Directory.CreateTempSubdirectory("preview-publish-").FullName, "out");

    [Fact]
    public async Task Input_refused_after_the_manifest_is_written_exits_with_the_bad_input_code()
    {
        var (exitCode, report) = await PublishAsync(() => throw new PreviewUsageException("--image-digests: no digest for 'api'."));

        Assert.Equal(PublishFailureExit.BadInput, exitCode);
        Assert.Equal($"Publishing to {_output} failed and wrote nothing: --image-digests: no digest for 'api'. Correct that and publish again.", report);
    }

    [Fact]
    public async Task Any_other_failure_exits_non_zero_and_points_at_the_log()
    {
        var (exitCode, report) = await PublishAsync(() => throw new IOException("No space left on device"));

        Assert.Equal(PublishFailureExit.Failed, exitCode);
        Assert.Equal($"Publishing to {_output} failed and wrote nothing: No space left on device The log above has the details; publish again once that is fixed.", report);
        Assert.DoesNotContain("\n", report!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_publish_that_succeeds_keeps_exit_code_zero()
    {
        var (exitCode, report) = await PublishAsync(() => { });

        Assert.Equal(0, exitCode);
        Assert.Null(report);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_output)!, recursive: true);

    // Runs a publish-mode application whose after-publish step does what it is given, as the AppHost's Kubernetes step
    // does, and returns the exit code the process would end with and the one-line report.
    private async Task<(int ExitCode, string? Report)> PublishAsync(Action afterPublish)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--publisher", "manifest", "--output-path", _output],
            DisableDashboard = true,
        });
        builder.ExitNonZeroWhenPublishFails();
        builder.OnAfterPublish((_, _) =>
        {
            afterPublish();
            return Task.CompletedTask;
        });

        var before = Environment.ExitCode;
        try
        {
            await using var app = builder.Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await app.RunAsync(timeout.Token);
            return (Environment.ExitCode, PublishFailureExit.Describe(app.Services.GetServices<IHostedService>(), _output)?.Message);
        }
        finally
        {
            // The test run's own exit code must not follow the publish under test.
            Environment.ExitCode = before;
        }
    }
}
