using System.Diagnostics;

namespace PreviewAspire.Hosting;

/// <summary>Answers whether a container runtime is installed and its engine is healthy, the way Aspire would use it.</summary>
public static class ContainerRuntimeProbe
{
    /// <summary>True when <c>docker info</c> (or <c>podman info</c> when ASPIRE_CONTAINER_RUNTIME=podman) answers within the timeout.</summary>
    public static bool IsHealthy(TimeSpan? timeout = null)
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") is { Length: > 0 } configured ? configured : "docker";
        try
        {
            var startInfo = new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(startInfo);
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0 && process.StandardOutput.ReadToEnd().Trim().Length > 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Turns <see cref="InfrastructureMode.Auto"/> into a concrete mode, and checks that container mode can work.</summary>
    public static InfrastructureMode Resolve(InfrastructureMode requested) => requested switch
    {
        InfrastructureMode.Auto => IsHealthy() ? InfrastructureMode.Container : InfrastructureMode.Process,
        InfrastructureMode.Container when !IsHealthy() => throw new PreviewPrerequisiteException(
            "--infrastructure container needs a running container engine, but 'docker info' did not answer. " +
            "Start Docker (or Podman with ASPIRE_CONTAINER_RUNTIME=podman), or use --infrastructure process."),
        _ => requested,
    };
}
