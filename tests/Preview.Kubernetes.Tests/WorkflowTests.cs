using System.Diagnostics;
using YamlDotNet.Serialization;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>
/// The GitHub workflows validate against the workflow schema (action-validator, from npm: @action-validator/cli), and
/// keep the trust rules: PR code never runs where a cluster credential is, provisioning and teardown come from the
/// default branch, teardown cleans the engines before the namespace.
/// </summary>
public sealed class WorkflowTests
{
    private const string ClusterSecret = "KUBECONFIG }}";

    private static IReadOnlyList<string> Workflows => [.. Directory.GetFiles(TestPaths.Workflows, "*.yml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [RequiresCommandFact("action-validator", "npm install -g @action-validator/cli")]
    public void EveryWorkflowValidates()
    {
        foreach (var workflow in Workflows)
        {
            var (exitCode, output) = Run("action-validator", Path.Combine(TestPaths.Workflows, workflow));
            Assert.True(exitCode == 0, $"{workflow}:\n{output}");
        }
    }

    [RequiresCommandFact("action-validator", "npm install -g @action-validator/cli")]
    public void TheValidatorCatchesABrokenWorkflow()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.yml");
        File.WriteAllText(broken, File.ReadAllText(Path.Combine(TestPaths.Workflows, "preview-closed.yml")).Replace("uses: ./.github", "usess: ./.github", StringComparison.Ordinal));
        try
        {
            Assert.NotEqual(0, Run("action-validator", broken).ExitCode);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void NoJobThatRunsPullRequestCodeHoldsAClusterCredential()
    {
        var pullRequestJobs = 0;
        foreach (var (workflow, job, strings) in Jobs())
        {
            if (strings.Any(s => s.Contains("pull_request.head.sha", StringComparison.Ordinal) || s.Contains("workflow_run.head_sha", StringComparison.Ordinal) && s.StartsWith("${{", StringComparison.Ordinal)))
            {
                pullRequestJobs++;
                Assert.DoesNotContain(strings, s => s.Contains(ClusterSecret, StringComparison.Ordinal));
                // The build job may log in to the registry; the end-to-end job gets no secret at all.
                Assert.True(workflow == "preview-build.yml" || !strings.Any(s => s.Contains("secrets.", StringComparison.Ordinal)), $"{workflow}/{job} runs the PR's code with secrets");
            }
        }

        Assert.Equal(2, pullRequestJobs); // preview-build/build and preview-deploy/e2e
    }

    [Fact]
    public void OnlyDefaultBranchTriggersReachTheCluster()
    {
        foreach (var workflow in Workflows)
        {
            var text = File.ReadAllText(Path.Combine(TestPaths.Workflows, workflow));
            var triggers = Triggers(text);
            if (text.Contains(ClusterSecret, StringComparison.Ordinal))
            {
                // pull_request runs the PR's version of the workflow file; these triggers run the default branch's.
                Assert.DoesNotContain("pull_request", triggers);
                Assert.Subset(new HashSet<string> { "pull_request_target", "workflow_run", "workflow_call", "workflow_dispatch", "schedule", "push" }, triggers.ToHashSet());
            }

            if (triggers.Contains("pull_request_target"))
            {
                Assert.DoesNotContain("actions/checkout", text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void EveryJobWithAClusterCredentialRunsInAnEnvironmentLimitedToTheDefaultBranch()
    {
        var withCredential = Jobs().Where(j => j.Strings.Any(s => s.Contains(ClusterSecret, StringComparison.Ordinal))).ToList();
        Assert.Equal(5, withCredential.Count); // deploy, baseline's deploy, teardown, sweep, system
        Assert.All(withCredential, j =>
        {
            var at = j.Strings.IndexOf("environment");
            Assert.True(at >= 0 && j.Strings[at + 1] is "preview-operator" or "preview-system", $"{j.Workflow}/{j.Job} has no protected environment");
        });
        // Callers hand secrets on without naming them, so the environment's secret reaches only the called job.
        Assert.DoesNotContain(Jobs(), j => j.Strings.Contains("secrets") && j.Strings.Any(s => s.Contains(ClusterSecret, StringComparison.Ordinal)) && j.Strings.Contains("uses"));
    }

    [Fact]
    public void SystemImagesArePublishedFromTheDefaultBranchOnly()
    {
        var system = File.ReadAllText(Path.Combine(TestPaths.Workflows, "preview-system.yml"));
        Assert.Equal(["push", "workflow_dispatch"], Triggers(system).Order());
        Assert.Contains("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)", system, StringComparison.Ordinal);
        var build = File.ReadAllText(Path.Combine(TestPaths.Workflows, "preview-build.yml"));
        Assert.Contains("echo \"REGISTRY=$registry/preview\"", build, StringComparison.Ordinal);
        Assert.DoesNotContain("Router", build, StringComparison.Ordinal);
        Assert.DoesNotContain("Provisioner", build, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBaselineIsPublishedAndDeployedFromTheDefaultBranchOnPush()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Workflows, "preview-baseline.yml"));
        Assert.Equal(["push", "workflow_dispatch"], Triggers(text).Order());
        Assert.Contains("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)", text, StringComparison.Ordinal);

        // The images are built by a job that holds no cluster credential; the deploy job needs it and holds the credential.
        var jobs = Jobs().Where(j => j.Workflow == "preview-baseline.yml").ToDictionary(j => j.Job, j => j.Strings);
        Assert.Equal(["build", "deploy"], jobs.Keys.Order());
        Assert.DoesNotContain(jobs["build"], s => s.Contains(ClusterSecret, StringComparison.Ordinal));
        Assert.Contains(jobs["build"], s => s.Contains(".github/scripts/push-images.sh \"$REGISTRY\" \"$GITHUB_SHA\" Api:api Worker:worker Frontend:frontend", StringComparison.Ordinal));
        Assert.Equal("build", jobs["deploy"][jobs["deploy"].IndexOf("needs") + 1]);

        // As a PR's deploy, in the baseline's names: publish --pr main, provision its namespace, apply its workloads.
        var baseline = Naming.PreviewNames.Baseline;
        var output = $"manifests/{baseline.ManifestDirectory}";
        var steps = string.Join('\n', jobs["deploy"]);
        var publish = steps.IndexOf($"--pr {baseline.Key} --publisher manifest --output-path {output} ", StringComparison.Ordinal);
        var provision = steps.IndexOf($".github/scripts/provision.sh {baseline.Key} {output}/namespace", StringComparison.Ordinal);
        var deploy = steps.IndexOf($".github/scripts/deploy-workloads.sh {baseline.Key} {output}", StringComparison.Ordinal);
        Assert.True(publish > 0 && publish < provision && provision < deploy, "publish --pr main, then provision.sh main, then deploy-workloads.sh main");
        Assert.Contains("--image-digests \"$DIGESTS\"", steps, StringComparison.Ordinal);
    }

    [Fact]
    public void TeardownCleansTheEnginesBeforeDeletingTheNamespace()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Workflows, "preview-teardown.yml"));
        var engines = text.IndexOf("engine-job.sh teardown", StringComparison.Ordinal);
        var confirmed = text.IndexOf("test \"$(jq -r .confirmed receipt.json)\" = true", StringComparison.Ordinal);
        var ns = text.IndexOf("kubectl delete namespace", StringComparison.Ordinal);
        Assert.True(engines > 0 && engines < confirmed && confirmed < ns, "engines, then the receipt's confirmation, then the namespace");
    }

    [Fact]
    public void EveryScriptAWorkflowCallsExistsAndParses()
    {
        var scripts = Workflows
            .SelectMany(w => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(TestPaths.Workflows, w)), @"\.github/scripts/[a-z-]+\.sh").Select(m => m.Value))
            .Distinct()
            .ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var path = Path.Combine(TestPaths.RepositoryRoot, script);
            Assert.True(File.Exists(path), script);
            Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{script} is executable");
            Assert.Equal(0, Run("bash", "-n", path).ExitCode);
        }
    }

    /// <summary>Every job with all the strings it holds (keys and values, at any depth).</summary>
    private static IEnumerable<(string Workflow, string Job, List<string> Strings)> Jobs()
    {
        foreach (var workflow in Workflows)
        {
            var document = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(Path.Combine(TestPaths.Workflows, workflow)));
            foreach (var (name, job) in (Dictionary<object, object>)document["jobs"])
            {
                yield return (workflow, (string)name, [.. Strings(job)]);
            }
        }
    }

    private static IEnumerable<string> Strings(object? node) => node switch
    {
        string s => [s],
        Dictionary<object, object> map => map.SelectMany(e => Strings(e.Key).Concat(Strings(e.Value))),
        List<object> list => list.SelectMany(Strings),
        _ => [],
    };

    private static List<string> Triggers(string workflowText)
    {
        var document = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(workflowText);
        return document["on"] switch
        {
            Dictionary<object, object> map => [.. map.Keys.Cast<string>()],
            List<object> list => [.. list.Cast<string>()],
            var single => [(string)single],
        };
    }

    private static (int ExitCode, string Output) Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}
