using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests.Scripts;

/// <summary>
/// The cluster scripts take a PR number or the baseline's key, <c>main</c>, derive the same names as
/// <see cref="PreviewNames"/>, and refuse anything else in one line, exit code 2, before <c>kubectl</c> runs.
/// </summary>
public sealed class ClusterScriptTests : IDisposable
{
    private readonly ScriptSandbox _sandbox = new();

    public static TheoryData<string, string> BadKeys()
    {
        string[] keys = ["", "abc", "0", "042", "-4", "1234567890", "pr42", "Main", "main ", "42;id"];
        var data = new TheoryData<string, string>();
        foreach (var script in new[] { "provision.sh", "engine-job.sh", "deploy-workloads.sh" })
        {
            foreach (var key in keys)
            {
                data.Add(script, key);
            }
        }

        return data;
    }

    public static TheoryData<string> Keys => [PreviewNames.BaselineKey, "42"];

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void AnythingButAPullRequestNumberOrMainIsRefusedBeforeTheClusterIsTouched(string script, string key)
    {
        var (exitCode, error) = script == "engine-job.sh"
            ? _sandbox.Run(script, "provision", key)
            : _sandbox.Run(script, key, _sandbox.GeneratedDirectory("generated"));

        Assert.Equal(2, exitCode);
        Assert.Equal($"{script}: '{key}' is not a preview; expected a PR number (1..999999999) or 'main' for the baseline.", error.TrimEnd('\n'));
        Assert.Empty(_sandbox.Calls);
    }

    [Theory]
    [InlineData("engine-job.sh", "teardown main", "the baseline (main) is never torn down as a PR; teardown takes a PR number.")]
    [InlineData("engine-job.sh", "deploy 42", "'deploy' is not a verb; expected provision PR|main, teardown PR or inventory.")]
    [InlineData("engine-job.sh", "inventory 42", "inventory takes no preview; it lists every one the engines hold.")]
    [InlineData("provision.sh", "42 missing-dir", "'missing-dir' is not a directory; expected the generated namespace/ of the preview, such as manifests/pr-42/namespace.")]
    [InlineData("deploy-workloads.sh", "main", "'' is not a directory; expected the preview's generated workloads, such as manifests/pr-42.")]
    public void OtherMistakesAreRefusedInOneLine(string script, string args, string message)
    {
        var (exitCode, error) = _sandbox.Run(script, args.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Equal($"{script}: {message}", error.TrimEnd('\n'));
        Assert.Empty(_sandbox.Calls);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void TheProvisioningJobGetsThePreviewsNamesAndItsKey(string key)
    {
        var names = Names(key);

        var (exitCode, error) = _sandbox.Run("engine-job.sh", "provision", key);

        Assert.True(exitCode == 0, error);
        var job = Assert.Single(_sandbox.Applied);
        Assert.Equal(names.ProvisionJob, (string?)job["metadata"]!["name"]);
        var env = job["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.Contains(env, e => (string?)e!["valueFrom"]?["secretKeyRef"]?["name"] == names.SystemCredentialsSecret);
        Assert.Contains(env, e => (string?)e!["name"] == "Preview__PullRequest" && (string?)e["value"] == names.Key);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void ProvisionWorksInThePreviewsNamespaceAndHandsItsPasswordsOnUnderItsName(string key)
    {
        var names = Names(key);
        var guards = _sandbox.GeneratedDirectory("namespace");

        var (exitCode, error) = _sandbox.Run("provision.sh", key, guards);

        Assert.True(exitCode == 0, error);
        Assert.Equal($"kubectl apply -k {guards}", _sandbox.Calls[0]);
        Assert.Contains(_sandbox.Calls, c => c.StartsWith($"kubectl create secret generic {PreviewNames.CredentialsSecret} -n {names.Namespace} ", StringComparison.Ordinal));
        var copy = _sandbox.Applied[0]["metadata"]!;
        Assert.Equal(names.SystemCredentialsSecret, (string?)copy["name"]);
        Assert.Equal(names.Key, (string?)copy["labels"]![PreviewNames.PullRequestLabel]);
        Assert.Equal(names.ProvisionJob, (string?)_sandbox.Applied[1]["metadata"]!["name"]);
        // Only a PR sleeps, so only a PR's awake time is kept.
        Assert.Equal(!names.IsBaseline, _sandbox.Calls.Any(c => c.StartsWith($"kubectl annotate namespace {names.Namespace} ", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void WorkloadsAreCheckedForThePreviewAndAppliedWithItsDeployer(string key)
    {
        var names = Names(key);

        var (exitCode, error) = _sandbox.Run("deploy-workloads.sh", key, _sandbox.GeneratedDirectory("workloads"));

        Assert.True(exitCode == 0, error);
        Assert.Contains(_sandbox.Calls, c => c.StartsWith("dotnet ", StringComparison.Ordinal) && c.Contains($" check-workloads --pr {names.Key} ", StringComparison.Ordinal));
        Assert.Contains($"kubectl create token preview-deployer -n {names.Namespace} --duration=10m", _sandbox.Calls);
    }

    public void Dispose() => _sandbox.Dispose();

    private static PreviewNames Names(string key) =>
        PreviewNames.TryParseKey(key, out var names, out var error) ? names : throw new ArgumentException(error, nameof(key));
}
