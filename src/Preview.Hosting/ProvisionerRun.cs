using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting;
using Microsoft.Extensions.Logging;

namespace PreviewAspire.Hosting;

/// <summary>
/// One run of a provisioner the AppHost starts itself: its inputs resolved like any resource's environment and arguments,
/// its output in the resource's log, its state and exit code on the resource.
/// </summary>
internal sealed class ProvisionerRun(ImmediateProvisionerResource resource, IServiceProvider services)
{
    private readonly ResourceNotificationService _notifications = services.GetRequiredService<ResourceNotificationService>();
    private readonly ILogger _log = services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);

    /// <summary>Runs the provisioner to its end; true when it finished with exit code 0.</summary>
    public async Task<bool> RunAsync(CancellationToken stopping)
    {
        int exitCode;
        try
        {
            var configuration = await ExecutionConfigurationBuilder.Create(resource)
                .WithEnvironmentVariablesConfig()
                .WithArgumentsConfig()
                .BuildAsync(services.GetRequiredService<DistributedApplicationExecutionContext>(), _log, stopping).ConfigureAwait(false);
            if (configuration.Exception is { } unresolved)
            {
                throw unresolved;
            }

            var startInfo = new ProcessStartInfo(resource.Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(resource.Executable)!,
            };
            foreach (var argument in configuration.Arguments)
            {
                startInfo.ArgumentList.Add(argument.Value);
            }

            foreach (var (name, value) in configuration.EnvironmentVariables)
            {
                startInfo.Environment[name] = value;
            }

            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {resource.Executable}.");
            await Publish(KnownResourceStates.Running, exitCode: null).ConfigureAwait(false);
            process.OutputDataReceived += (_, line) => Log(line.Data, LogLevel.Information);
            process.ErrorDataReceived += (_, line) => Log(line.Data, LogLevel.Error);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var kill = stopping.Register(() => process.Kill(entireProcessTree: true));
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            exitCode = process.ExitCode;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log.LogError(ex, "The provisioner could not run.");
            await Publish(KnownResourceStates.FailedToStart, exitCode: null).ConfigureAwait(false);
            return false;
        }

        await Publish(exitCode == 0 ? KnownResourceStates.Finished : KnownResourceStates.Exited, exitCode).ConfigureAwait(false);
        return exitCode == 0;
    }

    private Task Publish(string state, int? exitCode) =>
        _notifications.PublishUpdateAsync(resource, snapshot => snapshot with { State = state, ExitCode = exitCode });

    private void Log(string? line, LogLevel level)
    {
        if (line is not null)
        {
            _log.Log(level, "{Line}", line);
        }
    }
}
