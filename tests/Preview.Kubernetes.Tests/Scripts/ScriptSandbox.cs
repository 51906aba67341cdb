using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PreviewAspire.Kubernetes.Tests.Scripts;

/// <summary>
/// Runs a script of <c>.github/scripts</c> against stand-ins for <c>kubectl</c> and <c>dotnet</c> that record every call
/// (and keep what is piped to <c>kubectl apply -f -</c>), so a script's use of the cluster is checked without one.
/// </summary>
internal sealed class ScriptSandbox : IDisposable
{
    // What the stand-in kubectl answers: an engine Job made from its template (named as asked), a Job that completed, the preview's own Secret (absent
    // when asked whether it exists, so that it is created), a deployer token. Everything else succeeds silently.
    private const string Kubectl = """
        #!/usr/bin/env bash
        printf 'kubectl %s\n' "$*" >> "$STUB_DIR/calls.log"
        case "$*" in
          *"apply -f -"*) cat > "$STUB_DIR/applied-$(find "$STUB_DIR" -name 'applied-*' | wc -l).json" ;;
          "create job "*) printf '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"%s"},"spec":{"template":{"spec":{"containers":[{"name":"provisioner","env":[{"name":"Preview__Credentials__Postgres","valueFrom":{"secretKeyRef":{"name":"preview-credentials","key":"postgres-password"}}}]}]}}}}' "$3" ;;
          "get job "*) echo Complete ;;
          "get secret preview-credentials -n "*" -o json") echo '{"apiVersion":"v1","kind":"Secret","type":"Opaque","data":{"postgres-password":"eA=="}}' ;;
          "get secret "*) exit 1 ;;
          "create token "*) echo token ;;
        esac
        exit 0
        """;

    private const string Dotnet = """
        #!/usr/bin/env bash
        printf 'dotnet %s\n' "$*" >> "$STUB_DIR/calls.log"
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("cluster-scripts-").FullName;

    public ScriptSandbox()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        foreach (var (name, text) in new[] { ("kubectl", Kubectl), ("dotnet", Dotnet) })
        {
            var path = Path.Combine(bin, name);
            File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    /// <summary>A directory of the sandbox holding one YAML file, as a generated namespace/ or workloads directory does.</summary>
    public string GeneratedDirectory(string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory, name)).FullName;
        File.WriteAllText(Path.Combine(directory, "objects.yaml"), "kind: ConfigMap\n");
        return directory;
    }

    /// <summary>The calls the stand-ins received, one line each (<c>kubectl get namespace preview-main …</c>).</summary>
    public IReadOnlyList<string> Calls => File.Exists(CallsLog) ? File.ReadAllLines(CallsLog) : [];

    /// <summary>The objects piped to <c>kubectl apply -f -</c>, in order.</summary>
    public IReadOnlyList<JsonNode> Applied => [.. Enumerable.Range(0, int.MaxValue)
        .Select(i => Path.Combine(_directory, $"applied-{i}.json"))
        .TakeWhile(File.Exists)
        .Select(path => JsonNode.Parse(File.ReadAllText(path))!)];

    private string CallsLog => Path.Combine(_directory, "calls.log");

    /// <summary>Runs <c>.github/scripts/<paramref name="script"/></c> with <paramref name="args"/>; returns its exit code and standard error.</summary>
    public (int ExitCode, string Error) Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestPaths.RepositoryRoot };
        start.ArgumentList.Add(Path.Combine(TestPaths.RepositoryRoot, ".github", "scripts", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = Path.Combine(_directory, "bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["STUB_DIR"] = _directory;
        start.Environment["RUNNER_TEMP"] = _directory;
        start.Environment["GITHUB_RUN_ID"] = "1";
        start.Environment["OPS"] = Path.Combine(_directory, "preview-ops.dll");
        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = output.Result;
        return (process.ExitCode, error);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
