using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PreviewAspire.Hosting;

namespace Aspire.Hosting;

/// <summary>Provisions a PR on engines that already run, starting at once instead of after the orchestrator is up.</summary>
public static class ImmediateProvisionerBuilderExtensions
{
    /// <summary>
    /// Adds the PR's provisioner (the built executable of project <typeparamref name="TProject"/>) as a resource the AppHost
    /// runs itself when it starts — before its orchestrator (DCP) is up, which takes seconds — on <paramref name="engines"/>,
    /// which must already run. It gets the same inputs as <see cref="PreviewBuilderExtensions.WithProvisioner{TProject}"/>;
    /// its output goes to the resource's log; services wait for it to finish with exit code 0.
    /// </summary>
    /// <exception cref="PreviewPrerequisiteException">The provisioner has not been built.</exception>
    public static IResourceBuilder<PreviewEnvironmentResource> WithImmediateProvisioner<TProject>(this IResourceBuilder<PreviewEnvironmentResource> preview, PreviewEngines engines)
        where TProject : IProjectMetadata, new()
    {
        var builder = preview.ApplicationBuilder;
        var environment = preview.Resource;
        var executable = BuiltProjectLaunch.ExecutableOf(new TProject())
            ?? throw new PreviewPrerequisiteException($"The provisioner is not built ({new TProject().ProjectPath}); run 'dotnet build src/AppHost' first.");
        var provisioner = builder.AddResource(new ImmediateProvisionerResource(environment.Names.Provisioner, executable))
            .WithParentRelationship(preview)
            .WithProvisionerInputs(environment, engines)
            .WithIconName("DatabaseArrowRight")
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "Provisioner", State = KnownResourceStates.NotStarted, Properties = [] })
            .ExcludeFromManifest();

        builder.Eventing.Subscribe<BeforeStartEvent>((e, cancellationToken) =>
        {
            // It outlives start-up, so it stops with the application rather than with the start-up token.
            var run = new ProvisionerRun(provisioner.Resource, e.Services);
            _ = run.RunAsync(e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            return Task.CompletedTask;
        });

        environment.Provisioner = provisioner.Resource;
        return preview;
    }

    private sealed class ProvisionerRun(ImmediateProvisionerResource resource, IServiceProvider services)
    {
        private readonly ResourceNotificationService _notifications = services.GetRequiredService<ResourceNotificationService>();
        private readonly ILogger _log = services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);

        public async Task RunAsync(CancellationToken stopping)
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
                return;
            }

            await Publish(exitCode == 0 ? KnownResourceStates.Finished : KnownResourceStates.Exited, exitCode).ConfigureAwait(false);
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
}
