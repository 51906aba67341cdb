using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PreviewAspire.Hosting;

/// <summary>
/// Makes a failed publish a failed command. Aspire runs publishing as a background service: when it throws, the host
/// logs the exception, stops, and <c>Run</c> returns normally, so the process would exit 0 and CI would carry on with
/// no output. This notes the failure as the host stops, prints one line saying what failed and what to do, and sets the
/// exit code: <see cref="BadInput"/> for a <see cref="PreviewUsageException"/>, <see cref="Failed"/> for anything else.
/// </summary>
public static class PublishFailureExit
{
    /// <summary>The exit code of a publish refused for its input (the same as other bad input found after parsing).</summary>
    public const int BadInput = 3;

    /// <summary>The exit code of a publish that failed for any other reason.</summary>
    public const int Failed = 1;

    private const string OutputPathKey = "Pipeline:OutputPath";

    /// <summary>
    /// Registers the check on a publish-mode <paramref name="builder"/>. Call it before anything redirects
    /// <c>Pipeline:OutputPath</c>, so that the message names the directory the user asked for.
    /// </summary>
    public static IDistributedApplicationBuilder ExitNonZeroWhenPublishFails(this IDistributedApplicationBuilder builder)
    {
        var target = builder.Configuration[OutputPathKey];
        // The host's own "BackgroundService failed" entries repeat the publisher's log; the line below replaces them.
        builder.Services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None));
        builder.Services.AddHostedService(services => new Watcher(services, target));
        return builder;
    }

    /// <summary>
    /// The one-line report and exit code for the first failed background service among <paramref name="hostedServices"/>,
    /// or null when none failed. <paramref name="target"/> is the output directory asked for, if any.
    /// </summary>
    internal static (string Message, int ExitCode)? Describe(IEnumerable<IHostedService> hostedServices, string? target)
    {
        var failure = hostedServices.OfType<BackgroundService>()
            .Select(s => s.ExecuteTask)
            .FirstOrDefault(t => t is { IsFaulted: true })?.Exception;
        if (failure is null)
        {
            return null;
        }

        var what = string.IsNullOrWhiteSpace(target) ? "Publishing failed" : $"Publishing to {target} failed and wrote nothing";
        var usage = Causes(failure).OfType<PreviewUsageException>().FirstOrDefault();
        return usage is not null
            ? ($"{what}: {usage.Message} Correct that and publish again.", BadInput)
            : ($"{what}: {Causes(failure).Last().Message} The log above has the details; publish again once that is fixed.", Failed);
    }

    private static IEnumerable<Exception> Causes(AggregateException failure) =>
        failure.InnerExceptions.SelectMany(inner => Chain(inner));

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    // Looks once the host has stopped, when a failed publisher's task has its exception. The hosted services are read
    // then rather than injected, since this is one of them.
    private sealed class Watcher(IServiceProvider services, string? target) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() =>
            {
                if (Describe(services.GetServices<IHostedService>(), target) is { } report)
                {
                    Console.Error.WriteLine(report.Message);
                    Environment.ExitCode = report.ExitCode;
                }
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
