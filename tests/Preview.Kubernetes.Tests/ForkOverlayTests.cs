using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>
/// Selective replication in the cluster: a PR's overlay holds only its forks, closed over shared data; what it does not
/// fork is the baseline's, in <c>preview-main</c>, which accepts previews' calls.
/// </summary>
public sealed class ForkOverlayTests
{
    private static readonly PreviewNames Names = GoldenInputs.PullRequest.Names;

    [Fact]
    public void AFrontendForkRunsOnlyTheFrontendAndOwnsNoData()
    {
        var objects = GeneratedObjects.Of(GoldenInputs.FrontendFork());
        Assert.Equal(["frontend"], objects.OfType<V1Deployment>().Select(d => d.Metadata.Name));
        // Its own frontend, and the selector-less Service that tells the cluster router PR 7 exists (its API is the baseline's).
        Assert.Equal(["frontend", PreviewNames.PresenceService], objects.OfType<V1Service>().Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(objects.SelectMany(GeneratedObjects.Containers).SelectMany(c => c.Env ?? []), e => e.ValueFrom?.SecretKeyRef is not null);
        Assert.Equal(["allow-baseline", "allow-dns", "allow-router", "allow-same-namespace", "default-deny"], PolicyNames(objects));
        var ns = Assert.Single(objects.OfType<V1Namespace>());
        Assert.Equal("frontend", ns.Metadata.Annotations[PreviewNames.ForksAnnotation]);
        Assert.Equal("false", ns.Metadata.Annotations[PreviewNames.OwnsDataAnnotation]);
        Assert.Equal(("50m", "128Mi"), (ns.Metadata.Annotations[PreviewNames.RequestsCpuAnnotation], ns.Metadata.Annotations[PreviewNames.RequestsMemoryAnnotation]));
    }

    [Fact]
    public void AFrontendForkCallsTheBaselinesApiAndMayReachOnlyIt()
    {
        var objects = GeneratedObjects.Of(GoldenInputs.FrontendFork());
        var env = Assert.Single(objects.OfType<V1Deployment>()).Spec.Template.Spec.Containers[0].Env;
        Assert.Equal("http://api.preview-main.svc.cluster.local:80", env.Single(e => e.Name == "services__api__http__0").Value);
        var rule = Assert.Single(Assert.Single(objects.OfType<V1NetworkPolicy>(), p => p.Metadata.Name == "allow-baseline").Spec.Egress);
        var peer = Assert.Single(rule.To);
        Assert.Equal(PreviewNames.Baseline.Namespace, peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        var services = Assert.Single(peer.PodSelector.MatchExpressions);
        Assert.Equal(("app.kubernetes.io/name", "In"), (services.Key, services.OperatorProperty));
        Assert.Equal(["api"], services.Values);
        Assert.Equal(["8080"], rule.Ports.Select(p => p.Port.Value));
        Assert.Null(Assert.Single(objects.OfType<V1NetworkPolicy>(), p => p.Metadata.Name == "allow-baseline").Spec.Ingress);
        var route = Assert.Single(objects.OfType<V1ConfigMap>());
        Assert.Equal("api.preview-main.svc.cluster.local:80", route.Data[Names.Host(PreviewSurface.Api, "previews.example.com")]);
        Assert.Equal("frontend.preview-pr7.svc.cluster.local:80", route.Data[Names.Host(PreviewSurface.Frontend, "previews.example.com")]);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public void ForkingEitherServiceOfTheOrdersDataForksBoth(string fork)
    {
        var objects = GeneratedObjects.Of(Generate(GoldenInputs.ManifestJson, fork));
        Assert.Equal(["api", "worker"], objects.OfType<V1Deployment>().Select(d => d.Metadata.Name).Order());
        Assert.Equal(["allow-baseline", "allow-dns", "allow-engines", "allow-router", "allow-same-namespace", "default-deny"], PolicyNames(objects));
        var ns = Assert.Single(objects.OfType<V1Namespace>());
        Assert.Equal("api,worker", ns.Metadata.Annotations[PreviewNames.ForksAnnotation]);
        // The baseline's frontend, handling a request in the PR's routing context, calls the PR's API.
        var baseline = Assert.Single(objects.OfType<V1NetworkPolicy>(), p => p.Metadata.Name == "allow-baseline").Spec;
        Assert.Null(baseline.Egress);
        var callers = Assert.Single(Assert.Single(Assert.Single(baseline.Ingress).FromProperty).PodSelector.MatchExpressions);
        Assert.Equal(["frontend"], callers.Values);
        Assert.Equal("true", ns.Metadata.Annotations[PreviewNames.OwnsDataAnnotation]);
        Assert.Equal("frontend.preview-main.svc.cluster.local:80", Assert.Single(objects.OfType<V1ConfigMap>()).Data[Names.Host(PreviewSurface.Frontend, "previews.example.com")]);
    }

    [Fact]
    public void SharedDataIsReadFromTheManifestNotFromServiceNames()
    {
        var manifest = JsonNode.Parse(GoldenInputs.ManifestJson)!;
        var worker = manifest["resources"]!["pr7-worker"]!["env"]!.AsObject();
        foreach (var connection in new[] { "ConnectionStrings__ordersdb", "ConnectionStrings__cache", "ConnectionStrings__messaging" })
        {
            worker.Remove(connection);
        }

        manifest["resources"]!["pr7-frontend"]!["env"]!["ConnectionStrings__cache"] = "{pr7-redis.connectionString}";
        var apiOnly = GeneratedObjects.Of(Generate(manifest.ToJsonString(), "api"));
        Assert.Equal(["api", "frontend"], apiOnly.OfType<V1Deployment>().Select(d => d.Metadata.Name).Order());
        Assert.Equal(["worker"], GeneratedObjects.Of(Generate(manifest.ToJsonString(), "worker")).OfType<V1Deployment>().Select(d => d.Metadata.Name));
    }

    [Fact]
    public void ForkingEverythingExplicitlyChangesOnlyTheNamespaceAnnotations()
    {
        var all = Generate(GoldenInputs.ManifestJson, "frontend", "worker", "api");
        var changed = GoldenInputs.Overlay().Zip(all).Where(pair => pair.First != pair.Second).Select(pair => pair.First.Path);
        Assert.Equal(["namespace/namespace.yaml"], changed);
        Assert.Contains("preview-aspire.io/forks: api,frontend,worker", all.Single(f => f.Path == "namespace/namespace.yaml").Content, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBaselineRunsEveryServiceOnItsOwnDataAndAcceptsPreviews()
    {
        var objects = GeneratedObjects.Of(GoldenInputs.Baseline());
        var baseline = PreviewNames.Baseline;
        Assert.All(objects.Where(o => o is not V1Namespace), o => Assert.Equal("preview-main", o.Metadata.NamespaceProperty));
        Assert.Equal(["api", "frontend", "worker"], objects.OfType<V1Deployment>().Select(d => d.Metadata.Name).Order());
        var ns = Assert.Single(objects.OfType<V1Namespace>());
        Assert.Equal(("preview-main", "main"), (ns.Metadata.Name, ns.Metadata.Labels[PreviewNames.PullRequestLabel]));
        Assert.DoesNotContain(PreviewNames.ExpiresAtAnnotation, ns.Metadata.Annotations.Keys);
        Assert.DoesNotContain(PreviewNames.IdleAfterAnnotation, ns.Metadata.Annotations.Keys);
        Assert.DoesNotContain(PreviewNames.ForksAnnotation, ns.Metadata.Annotations.Keys);
        var api = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "api").Spec.Template.Spec.Containers[0].Env;
        Assert.Contains($"Database={baseline.Database};Username={baseline.DatabaseRole};", api.Single(e => e.Name == "ConnectionStrings__ordersdb").Value, StringComparison.Ordinal);
        Assert.Equal(baseline.Key, api.Single(e => e.Name == "Preview__PullRequest").Value);
        var previews = Assert.Single(Assert.Single(objects.OfType<V1NetworkPolicy>(), p => p.Metadata.Name == "allow-previews").Spec.Ingress);
        Assert.Equal(PreviewNames.PullRequestLabel, Assert.Single(Assert.Single(previews.FromProperty).NamespaceSelector.MatchExpressions).Key);
        Assert.Equal(["8080"], previews.Ports.Select(p => p.Port.Value));
        var toPreviews = Assert.Single(Assert.Single(objects.OfType<V1NetworkPolicy>(), p => p.Metadata.Name == "allow-previews").Spec.Egress);
        Assert.Equal(PreviewNames.PullRequestLabel, Assert.Single(Assert.Single(toPreviews.To).NamespaceSelector.MatchExpressions).Key);
        Assert.Equal(["8080"], toPreviews.Ports.Select(p => p.Port.Value));
        Assert.Equal("main.previews.example.com", baseline.Host(PreviewSurface.Frontend, "previews.example.com"));
        Assert.Equal("frontend.preview-main.svc.cluster.local:80", Assert.Single(objects.OfType<V1ConfigMap>()).Data["main.previews.example.com"]);
    }

    [Theory]
    [InlineData("fork-frontend")]
    [InlineData("fork-api")]
    public void AForksPodsReachOnlyDnsTheirNamespaceTheEnginesAndNamedBaselineServices(string set)
    {
        var policies = GeneratedObjects.Of(GoldenInputs.Set(set)).OfType<V1NetworkPolicy>().ToList();
        var egress = policies.SelectMany(p => p.Spec.Egress ?? []).SelectMany(r => r.To).ToList();
        var ingress = policies.SelectMany(p => p.Spec.Ingress ?? []).SelectMany(r => r.FromProperty).ToList();
        Assert.All(egress.Concat(ingress), peer =>
        {
            var ns = peer.NamespaceSelector?.MatchLabels?["kubernetes.io/metadata.name"];
            Assert.True(
                peer.NamespaceSelector is null ||
                ns is "kube-system" or PreviewNames.SystemNamespace ||
                ns == PreviewNames.Baseline.Namespace && peer.PodSelector.MatchExpressions.Single().OperatorProperty == "In",
                "a fork reaches only DNS, its own pods, the system namespace's named pods and named baseline services");
        });
    }

    [Fact]
    public void AnUnknownForkIsRejectedInOneLine()
    {
        var error = Assert.Throws<ManifestInputException>(() => Generate(GoldenInputs.ManifestJson, "frontend", "billing"));
        Assert.Equal("--fork: 'billing' is not a service of the model; expected one or more of api, frontend, worker.", error.Message);
    }

    [Fact]
    public void TheBaselineTakesNoFork()
    {
        var error = Assert.Throws<ManifestInputException>(() => ManifestSetGenerator.GenerateBaseline(GoldenInputs.BaselineManifestJson, GoldenInputs.Options with { Fork = ["api"] }));
        Assert.StartsWith("--fork:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AManifestWithoutTheBaselineIsRejected()
    {
        var error = Assert.Throws<ManifestInputException>(() => ManifestSetGenerator.GenerateBaseline(GoldenInputs.ManifestJson, GoldenInputs.Options));
        Assert.Contains("--pr main", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<GeneratedFile> Generate(string manifestJson, params string[] fork) =>
        ManifestSetGenerator.Generate(manifestJson, [GoldenInputs.PullRequest], GoldenInputs.Options with { Fork = fork });

    private static IEnumerable<string> PolicyNames(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
        objects.OfType<V1NetworkPolicy>().Select(p => p.Metadata.Name).Order(StringComparer.Ordinal);
}
