using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>The operator refuses a PR's workloads that step outside its namespace or reach for what is not its own.</summary>
public sealed class WorkloadOverlayCheckTests
{
    private static string Workloads(string set = "overlay") => string.Join(YamlDocuments.Separator, GoldenInputs.Set(set)
        .Where(f => !f.Path.Contains('/', StringComparison.Ordinal) && f.Path != Kustomization.FileName)
        .Select(f => f.Content));

    [Theory]
    [InlineData("overlay")]
    [InlineData("fork-frontend")]
    [InlineData("fork-api")]
    public void TheGeneratedWorkloadsPass(string set) => Assert.Empty(WorkloadOverlayCheck.Problems(Workloads(set), GoldenInputs.PullRequest));

    [Fact]
    public void TheBaselinesWorkloadsPassForTheBaselineOnly()
    {
        Assert.Empty(WorkloadOverlayCheck.Problems(Workloads("baseline"), PreviewNames.Baseline));
        Assert.Contains(WorkloadOverlayCheck.Problems(Workloads("baseline"), GoldenInputs.PullRequest), p => p.EndsWith("expected 'preview-pr7'", StringComparison.Ordinal));
    }

    [Fact]
    public void AnotherPullRequestsNamespaceIsRefused() =>
        Assert.Contains(WorkloadOverlayCheck.Problems(Workloads(), PullRequestId.From(8)), p => p.EndsWith("expected 'preview-pr8'", StringComparison.Ordinal));

    [Theory]
    [InlineData("name: preview-credentials", "name: preview-engines", "reads Secret 'preview-engines'")]
    [InlineData("@sha256:", ":latest#", "is not pinned by digest")]
    [InlineData("automountServiceAccountToken: false", "automountServiceAccountToken: true", "service-account token")]
    [InlineData("type: ClusterIP", "type: NodePort", "only ClusterIP")]
    public void WhatIsNotItsOwnIsRefused(string from, string to, string problem)
    {
        var tampered = Workloads().Replace(from, to, StringComparison.Ordinal);
        Assert.Contains(WorkloadOverlayCheck.Problems(tampered, GoldenInputs.PullRequest), p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void OtherKindsAreRefused()
    {
        var role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: escalate\n  namespace: preview-pr7\nrules: []\n";
        var problems = WorkloadOverlayCheck.Problems(Workloads() + YamlDocuments.Separator + role, GoldenInputs.PullRequest);
        Assert.Equal(["Role/escalate: a PR may apply only ConfigMap, Deployment, Service"], problems);
    }

    [Fact]
    public void EmptyDocumentsAreIgnoredAndGarbageIsRefused()
    {
        Assert.Empty(WorkloadOverlayCheck.Problems("---\n" + Workloads() + "\n---\n\n---\n", GoldenInputs.PullRequest));
        var problems = WorkloadOverlayCheck.Problems(Workloads() + "---\napiVersion: example.com/v1\nkind: Backdoor\nmetadata:\n  name: x\n", GoldenInputs.PullRequest);
        Assert.Contains(problems, p => p.StartsWith("a document that is not a known Kubernetes object", StringComparison.Ordinal));
    }
}
