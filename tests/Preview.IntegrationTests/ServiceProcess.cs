using System.Diagnostics;
using System.Text;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// An extra replica of one of a PR's services, started from its built assembly with that PR's connection strings, on
/// its own loopback port; killed with its process tree on dispose.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A client for the replica's own port.</summary>
    public HttpClient Http { get; }

    /// <summary>What the replica has written to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="project"/> (<c>Api</c> or <c>Worker</c>) as a replica of <paramref name="pr"/>'s service.</summary>
    public static async Task<ServiceProcess> StartAsync(PreviewStackFixture stack, PullRequestId pr, string project)
    {
        var engines = await stack.EnginesAsync();
        var credentials = stack.CredentialsOf(pr);
        var names = pr.Names;
        var redis = StackExchange.Redis.ConfigurationOptions.Parse(engines.Redis).EndPoints[0].ToString();
        var broker = new Uri(engines.RabbitMq);
        var port = LoopbackPort.Free();
        var appHostPath = Projects.AppHost.ProjectPath;
        var appHostDirectory = appHostPath.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetDirectoryName(appHostPath)! : appHostPath;
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var assembly = Path.GetFullPath(Path.Combine(appHostDirectory, "..", project, "bin", configuration, "net10.0", project + ".dll"));
        Assert.True(File.Exists(assembly), $"{assembly} is not built.");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Preview__PullRequest"] = pr.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ConnectionStrings__ordersdb"] = await stack.DatabaseConnectionStringAsync(pr),
                ["ConnectionStrings__cache"] = $"{redis},user={names.RedisUser},password={credentials.Redis}",
                ["ConnectionStrings__messaging"] = $"amqp://{names.RabbitMqUser}:{credentials.RabbitMq}@{broker.Host}:{broker.Port}/{names.RabbitMqVirtualHost}",
            },
        };
        startInfo.ArgumentList.Add(assembly);
        var process = Process.Start(startInfo)!;
        var service = new ServiceProcess(process, port);
        process.OutputDataReceived += (_, line) => service.Append(line.Data);
        process.ErrorDataReceived += (_, line) => service.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>True once the replica answers <paramref name="path"/> with a success status.</summary>
    public async Task<bool> AnswersAsync(string path)
    {
        try
        {
            using var response = await Http.GetAsync(path);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
