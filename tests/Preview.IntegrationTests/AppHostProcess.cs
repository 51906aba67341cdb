using System.Diagnostics;
using System.Text;

namespace PreviewAspire.IntegrationTests;

/// <summary>The built AppHost run as a user would run it: its own process, real signals, real exit codes.</summary>
internal sealed class AppHostProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private AppHostProcess(Process process) => _process = process;

    public int Id => _process.Id;

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

    public static AppHostProcess Start(params string[] args)
    {
        var projectPath = Projects.AppHost.ProjectPath;
        var projectDirectory = projectPath.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetDirectoryName(projectPath)! : projectPath;
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        // As from a terminal: SIGINT handled even when the test run itself was started in the background (which ignores it).
        var startInfo = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add("--default-signal=INT");
        startInfo.ArgumentList.Add("dotnet");
        startInfo.ArgumentList.Add(Path.Combine(projectDirectory, "bin", configuration, "net10.0", "AppHost.dll"));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        // Free ports, so that it never meets another host's dashboard; the login stays as the host sets it up.
        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Provisioning.LoopbackPort.Free()}";
        startInfo.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{Provisioning.LoopbackPort.Free()}";
        startInfo.Environment["ASPIRE_DASHBOARD_RESOURCESERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{Provisioning.LoopbackPort.Free()}";
        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        var process = Process.Start(startInfo)!;
        var host = new AppHostProcess(process);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until the output holds <paramref name="text"/>; fails with the output so far when it does not appear in time.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"'{text}' did not appear (exited: {_process.HasExited}); output so far:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    public bool HasExited => _process.HasExited;

    public void Signal(string signal) => Process.Start("kill", ["-" + signal, _process.Id.ToString()])!.WaitForExit();

    /// <summary>Processes whose command line mentions <paramref name="marker"/>.</summary>
    public static IReadOnlyList<string> ProcessesMentioning(string marker) =>
        Directory.EnumerateDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Select(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return string.Empty;
                }
                catch (UnauthorizedAccessException)
                {
                    return string.Empty;
                }
            })
            .Where(cmd => cmd.Contains(marker, StringComparison.Ordinal))
            .ToList();

    /// <summary>Processes whose environment holds <paramref name="entry"/> exactly, for example <c>Preview__PullRequest=9</c>.</summary>
    public static IReadOnlyList<int> ProcessesWithEnvironment(string entry) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid != 0)
            .Where(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/environ").Split('\0').Contains(entry);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return false;
                }
            })
            .ToList();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
