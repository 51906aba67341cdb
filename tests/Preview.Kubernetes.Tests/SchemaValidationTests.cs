using k8s.Models;
using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>Every generated object validates against the Kubernetes schema and the preview's rules.</summary>
public sealed class SchemaValidationTests
{
    public static TheoryData<string> Sets => ["overlay", "base"];

    private static IReadOnlyList<GeneratedFile> Files(string set) => set == "overlay" ? GoldenInputs.Overlay() : GoldenInputs.Base();

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryObjectValidates(string set)
    {
        var objects = Files(set).Where(f => f.Path != Kustomization.FileName).SelectMany(KubernetesSchema.LoadAndValidate).ToList();
        Assert.NotEmpty(objects);
    }

    [Fact]
    public void OverlayHoldsEveryPieceOfAPreview()
    {
        var objects = GoldenInputs.Overlay().Where(f => f.Path != Kustomization.FileName).SelectMany(KubernetesSchema.LoadAndValidate).ToList();
        var names = GoldenInputs.PullRequest.Names;
        Assert.All(objects, o => Assert.Equal(names.Labels, (IEnumerable<KeyValuePair<string, string>>)o.Metadata.Labels.Where(l => names.Labels.ContainsKey(l.Key))));
        Assert.All(objects.Where(o => o is not V1Namespace), o => Assert.Equal(names.Namespace, o.Metadata.NamespaceProperty));
        Assert.Equal(["api", "frontend", "worker"], objects.OfType<V1Deployment>().Select(d => d.Metadata.Name).Order());
        Assert.Equal(["api", "frontend", "worker"], objects.OfType<V1Service>().Select(d => d.Metadata.Name).Order());
        Assert.Equal("provisioner", Assert.Single(objects.OfType<V1Job>()).Metadata.Name);
        Assert.Single(objects.OfType<V1NetworkPolicy>());
        Assert.Single(objects.OfType<V1ResourceQuota>());
        var ns = Assert.Single(objects.OfType<V1Namespace>());
        Assert.Equal("2025-02-03T12:00:00Z", ns.Metadata.Annotations[PreviewNames.ExpiresAtAnnotation]);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", ns.Metadata.Annotations[PreviewNames.HeadShaAnnotation]);
        Assert.All(objects.OfType<V1Deployment>(), d => Assert.Equal("/health", d.Spec.Template.Spec.Containers[0].ReadinessProbe.HttpGet.Path));
    }

    [Fact]
    public void NetworkPolicyAdmitsOnlySameNamespaceAndRouterNamespace()
    {
        var policy = GoldenInputs.Overlay().Where(f => f.Path == "network-policy.yaml").SelectMany(KubernetesSchema.LoadAndValidate).OfType<V1NetworkPolicy>().Single();
        var peers = Assert.Single(policy.Spec.Ingress).FromProperty;
        Assert.Equal(2, peers.Count);
        Assert.Empty(peers[0].PodSelector.MatchLabels ?? new Dictionary<string, string>());
        Assert.Equal(PreviewNames.SystemNamespace, peers[1].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void NoSecretValueIsWritten(string set)
    {
        var objects = Files(set).Where(f => f.Path != Kustomization.FileName).SelectMany(KubernetesSchema.LoadAndValidate).ToList();
        Assert.DoesNotContain(objects, o => o is V1Secret);
        var containers = objects.SelectMany(o => o switch
        {
            V1Deployment d => d.Spec.Template.Spec.Containers,
            V1StatefulSet s => s.Spec.Template.Spec.Containers,
            V1Job j => j.Spec.Template.Spec.Containers,
            V1CronJob c => c.Spec.JobTemplate.Spec.Template.Spec.Containers,
            _ => [],
        });
        foreach (var env in containers.SelectMany(c => c.Env ?? []))
        {
            if (env.Name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) || env.Name.StartsWith("Preview__Credentials", StringComparison.Ordinal))
            {
                Assert.True(env.ValueFrom?.SecretKeyRef is not null || env.Value?.StartsWith("$(", StringComparison.Ordinal) == true, env.Name);
            }

            Assert.DoesNotMatch("[Pp]assword=(?!\\$\\()", env.Value ?? string.Empty);
        }
    }
}
